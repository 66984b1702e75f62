/** Test interchanges built by hand (fixed-width ISA, UNA/UNB) so routing sees real envelopes. */
function pad(value: string, width: number): string {
	return value.padEnd(width).slice(0, width);
}

export interface X12Options {
	senderQualifier: string;
	senderId: string;
	receiverQualifier: string;
	receiverId: string;
	control: number;
	transactionSet?: string;
	groupSender?: string;
	groupReceiver?: string;
}

export function x12Interchange(options: X12Options): string {
	const control = String(options.control).padStart(9, '0');
	const set = options.transactionSet ?? '850';
	const groupCode = set === '850' ? 'PO' : set === '810' ? 'IN' : 'FA';
	const isa = `ISA*00*${pad('', 10)}*00*${pad('', 10)}*${pad(options.senderQualifier, 2)}*${pad(options.senderId, 15)}*${pad(options.receiverQualifier, 2)}*${pad(options.receiverId, 15)}*240501*1200*U*00401*${control}*0*P*>~`;
	return (
		`${isa}\nGS*${groupCode}*${options.groupSender ?? options.senderId}*${options.groupReceiver ?? options.receiverId}*20240501*1200*1*X*004010~\n` +
		`ST*${set}*0001~\nBEG*00*SA*PO-${options.control}**20240501~\nPO1*1*10*EA*9.99**UP*012345678905~\nCTT*1~\nSE*5*0001~\n` +
		`GE*1*1~\nIEA*1*${control}~\n`
	);
}

export interface EdifactOptions {
	senderQualifier: string;
	senderId: string;
	receiverQualifier: string;
	receiverId: string;
	control: string;
}

export function edifactInterchange(options: EdifactOptions): string {
	return (
		`UNA:+.? 'UNB+UNOA:2+${options.senderId}:${options.senderQualifier}+${options.receiverId}:${options.receiverQualifier}+240501:1200+${options.control}'\n` +
		`UNH+1+ORDERS:D:96A:UN'BGM+220+PO?+1+9'DTM+137:20240501:102'UNS+S'UNT+5+1'UNZ+1+${options.control}'\n`
	);
}
