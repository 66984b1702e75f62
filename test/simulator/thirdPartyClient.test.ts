/**
 * A third-party SOAP client built from Loren Data's original WSDL (the `soap` package), pointed at
 * the simulator: login, identity, partner search, upload and inbox work as they would on ECGrid.
 */
import { createClientAsync, type Client } from 'soap';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { describeWithWsdl, wsdlPath } from '../support/wsdlSchema';
import { x12Interchange } from './support/edi';

type SoapMethod = (args: Record<string, unknown>, callback: (error: any, result: any) => void) => void;

let simulator: RunningSimulator;
let soapPort: Record<string, SoapMethod>;

/** Calls through the SOAP 1.1 port explicitly (the WSDL also lists SOAP 1.2 and HTTP ports). */
function invoke(operation: string, args: Record<string, unknown>): Promise<any> {
	return new Promise((resolve, reject) => soapPort[operation](args, (error, result) => (error ? reject(error) : resolve(result))));
}

describeWithWsdl('the soap package, built from the original WSDL', () => {
	beforeAll(async () => {
		simulator = await startSimulator();
		const client: Client & Record<string, any> = await createClientAsync(wsdlPath(), {}, simulator.endpointUrl);
		soapPort = client.ECGridOS_x0020_API_x0020_v4.ECGridOS_x0020_API_x0020_v4Soap;
	});

	afterAll(() => simulator.stop());

	test('logs in, asks who it is, searches partners, uploads an 850 and finds it in the inbox', async () => {
		const { LoginResult: session } = await invoke('Login', { LoginName: 'acme.admin', Password: 'Demo-Acme-2024' });
		expect(session).toMatch(/^[0-9a-f-]{36}$/);
		const { WhoAmIResult: me } = await invoke('WhoAmI', { SessionID: session });
		expect(me).toMatchObject({ LoginName: 'acme.admin', AuthLevel: 'MailboxAdmin', MailboxID: 1001, NetworkID: 1 });

		const { TPSearchResult: found } = await invoke('TPSearch', { SessionID: session, Qualifier: 'ZZ', ID: 'GLOBEX', ShowInactive: false });
		expect(found.ECGridIDInfo).toEqual([expect.objectContaining({ ECGridID: 100011, Qualifier: 'ZZ', ID: 'GLOBEXSUPPLY', MailboxName: 'Globex Supply' })]);

		const content = Buffer.from(x12Interchange({ senderQualifier: 'ZZ', senderId: 'ACMERETAIL', receiverQualifier: 'ZZ', receiverId: 'GLOBEXSUPPLY', control: 850 }));
		const { ParcelUploadResult: parcelId } = await invoke('ParcelUpload', { SessionID: session, FileName: 'po-850.x12', Bytes: content.length, Content: content.toString('base64') });
		expect(parcelId).toBeGreaterThan(0);

		const { LoginResult: globex } = await invoke('Login', { LoginName: 'globex.user', Password: 'Demo-Globex-User-2024' });
		const { ParcelInBoxResult: inbox } = await invoke('ParcelInBox', { SessionID: globex });
		expect(inbox).toMatchObject({ TotalRecords: 1, Count: 1, PageNumber: 1 });
		const [parcel] = inbox.ParcelIDInfoList.ParcelIDInfo;
		expect(parcel).toMatchObject({ FileName: 'po-850.x12', MailboxIDFrom: 1001, StatusCode: 'InBoxReady', Direction: 'InBox' });
		expect(parcel.Interchanges.InterchangeIDInfo[0]).toMatchObject({ DocumentType: '850', Standard: 'X12' });
		const { ParcelDownloadResult: file } = await invoke('ParcelDownload', { SessionID: globex, ParcelID: parcel.ParcelID });
		expect(Buffer.from(file.Content, 'base64').equals(content)).toBe(true);
	});

	test('sees an ECGridOS fault as a SOAP fault with the ECGridOS detail', async () => {
		const error = await invoke('WhoAmI', { SessionID: 'not-a-session' }).catch((caught) => caught);
		expect(error.root.Envelope.Body.Fault).toMatchObject({ faultcode: 'soap:Server', detail: { ErrorCode: '1', ErrorItem: 'SessionID' } });
	});
});
