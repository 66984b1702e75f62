/**
 * Test data shared by the node, trigger and reliability suites: an X12 850 purchase order between
 * two demo mailboxes of the simulator, and an n8n item carrying a file.
 */
import type { INodeExecutionData } from 'n8n-workflow';

/** A one-order X12 850 interchange from `sender` to `receiver` (ZZ qualifiers, test usage). */
export const X12_850 = (control: string, sender = 'ACMERETAIL', receiver = 'GLOBEXSUPPLY') =>
	[
		`ISA*00*          *00*          *ZZ*${sender.padEnd(15)}*ZZ*${receiver.padEnd(15)}*241128*0930*U*00401*${control}*0*T*>~`,
		`GS*PO*${sender}*${receiver}*20241128*0930*${Number(control)}*X*004010~`,
		'ST*850*0001~',
		`BEG*00*SA*PO-${control}**20241128~`,
		'SE*3*0001~',
		`GE*1*${Number(control)}~`,
		`IEA*1*${control}~`,
	].join('\n');

/** An item whose binary field `property` holds `content` as a file. */
export function fileItem(content: string | Buffer, fileName: string, property = 'data'): INodeExecutionData {
	const buffer = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
	return {
		json: { fileName },
		binary: { [property]: { data: buffer.toString('base64'), mimeType: 'application/edi-x12', fileName } },
	};
}
