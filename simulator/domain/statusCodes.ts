/**
 * The simulator's status vocabulary for parcels and interchanges. StatusCode fields carry the
 * name; StatusList publishes name, numeric code, message and level; callbacks filter on the code.
 * Inbox names reuse the WSDL's ParcelStatus values where one fits.
 */
export interface StatusDefinition {
	code: number;
	name: string;
	message: string;
	level: 'Info' | 'Warning' | 'Error';
}

const color = { Info: 'Green', Warning: 'Yellow', Error: 'Red' } as const;

export const STATUSES: readonly StatusDefinition[] = [
	{ code: 100, name: 'OutBoxReceived', message: 'Parcel received from the mailbox and queued for routing.', level: 'Info' },
	{ code: 110, name: 'OutBoxRouted', message: 'All interchanges routed to their recipients.', level: 'Info' },
	{ code: 115, name: 'OutBoxPartialRouted', message: 'Some interchanges routed; others could not be.', level: 'Warning' },
	{ code: 120, name: 'OutBoxDelivered', message: 'Recipient downloaded the parcel.', level: 'Info' },
	{ code: 130, name: 'OutBoxConfirmed', message: 'Recipient confirmed the download.', level: 'Info' },
	{ code: 140, name: 'OutBoxNoRoute', message: 'No recipient is registered for the receiver ID.', level: 'Error' },
	{ code: 150, name: 'OutBoxError', message: 'The parcel holds no valid EDI envelope.', level: 'Error' },
	{ code: 200, name: 'InBoxReady', message: 'Ready for download.', level: 'Info' },
	{ code: 210, name: 'InBoxTransferred', message: 'Downloaded; waiting for confirmation.', level: 'Info' },
	{ code: 220, name: 'InBoxConfirmed', message: 'Download confirmed.', level: 'Info' },
	{ code: 230, name: 'InBoxCanceled', message: 'Delivery canceled by the mailbox.', level: 'Warning' },
	{ code: 300, name: 'Routed', message: 'Interchange delivered to the recipient mailbox.', level: 'Info' },
	{ code: 310, name: 'Delivered', message: 'Interchange downloaded by the recipient.', level: 'Info' },
	{ code: 320, name: 'Confirmed', message: 'Interchange download confirmed by the recipient.', level: 'Info' },
	{ code: 330, name: 'NoRoute', message: 'Receiver ID is not registered on ECGrid.', level: 'Error' },
	{ code: 340, name: 'SenderUnknown', message: 'Sender ID is not registered to the sending mailbox.', level: 'Error' },
	{ code: 350, name: 'Blocked', message: 'Receiver ID is suspended; interchange held.', level: 'Warning' },
	{ code: 360, name: 'Canceled', message: 'Interchange canceled.', level: 'Warning' },
	{ code: 380, name: 'EnvelopeError', message: 'Part of the parcel is not a readable interchange envelope.', level: 'Error' },
];

const BY_NAME = new Map(STATUSES.map((status) => [status.name, status]));

export function statusMessage(name: string): { message?: string; color?: string } {
	const status = BY_NAME.get(name);
	return status ? { message: status.message, color: color[status.level] } : {};
}

export function statusCodeNumber(name: string): number {
	return BY_NAME.get(name)?.code ?? 0;
}

/** Interchange states that count as "not yet delivered" in the pending listings. */
export const PENDING_INTERCHANGE_STATUSES: ReadonlySet<string> = new Set(['Routed']);
export const ERROR_INTERCHANGE_STATUSES: ReadonlySet<string> = new Set(['NoRoute', 'SenderUnknown']);
export const ERROR_PARCEL_STATUSES: ReadonlySet<string> = new Set(['OutBoxNoRoute', 'OutBoxError', 'OutBoxPartialRouted']);
