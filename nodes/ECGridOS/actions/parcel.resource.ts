import type { ParameterPresentation, ResourceDefinition, VariantSelector } from './types';
import { SPECIFIC_MAILBOX_ONLY, TRANSFER_ENCODING, encoded, scopedBy } from './variants';

const PARCEL_ID: ParameterPresentation = {
	displayName: 'Parcel ID',
	description: 'The ECGrid parcel ID, as listed in the inbox or outbox or returned by an upload',
};

const SENDER_FILTER: ParameterPresentation = {
	displayName: 'Sender ECGridID',
	description: 'Only parcels from this trading partner; 0 for any sender',
	optional: true,
	default: 0,
	editor: 'plain',
};

const RECEIVER_FILTER: ParameterPresentation = {
	displayName: 'Receiver ECGridID',
	description: 'Only parcels to this trading partner; 0 for any receiver',
	optional: true,
	default: 0,
	editor: 'plain',
};

const DATE_RANGE: Record<string, ParameterPresentation> = {
	BeginDate: { displayName: 'Start Date', description: 'Start of the period (parcel date)' },
	EndDate: { displayName: 'End Date', description: 'End of the period (parcel date)' },
};

const ARCHIVE_FILTERS: Record<string, ParameterPresentation> = {
	...DATE_RANGE,
	ECGridIDFrom: SENDER_FILTER,
	ECGridIDTo: RECEIVER_FILTER,
	MailbagControlID: {
		displayName: 'Mailbag Control ID',
		description: 'Only parcels with this mailbag control ID (your own reference set on upload)',
	},
};

const PARCEL_SUMMARY = [
	'ParcelID',
	'FileName',
	'ParcelDate',
	'ParcelBytes',
	'StatusCode',
	'StatusMessage',
	'MailboxIDFrom',
	'MailboxNameFrom',
	'MailboxIDTo',
	'MailboxNameTo',
	'Direction',
	'MailbagControlID',
];

/** For a specific mailbox, ECGridOS also offers short records and newest-first order. */
const ARCHIVE_LISTING: VariantSelector = {
	name: 'archiveListing',
	displayName: 'Listing',
	description: 'Which form of the archive listing to use',
	type: 'options',
	options: [
		{ name: 'Full Records, Oldest First', value: 'standard' },
		{ name: 'Short Records', value: 'short', description: 'Fewer fields per parcel; faster for large archives' },
		{ name: 'Full Records, Newest First', value: 'newestFirst' },
	],
	default: 'standard',
	showWhen: SPECIFIC_MAILBOX_ONLY,
};

function archiveListing(own: string, specific: string, short: string, newestFirst: string) {
	return scopedBy(
		[
			{ scope: 'own', operation: own, when: { archiveListing: 'standard' } },
			{ scope: 'specific', operation: specific, when: { archiveListing: 'standard' } },
			{ scope: 'specific', operation: short, when: { archiveListing: 'short' } },
			{ scope: 'specific', operation: newestFirst, when: { archiveListing: 'newestFirst' } },
		],
		[ARCHIVE_LISTING],
	);
}

const UPDATE_STATUS: VariantSelector = {
	name: 'markDownloaded',
	displayName: 'Mark as Downloaded',
	description:
		'Whether the download moves the parcel to the downloaded status. Turn off to peek at a parcel without changing it; confirm later with Confirm Download.',
	type: 'boolean',
	default: true,
};

export const parcelResource: ResourceDefinition = {
	value: 'parcel',
	name: 'Parcel',
	description: 'Files moving through ECGrid mailboxes: upload, inbox, download, confirm, archives',
	operations: [
		{
			value: 'upload',
			name: 'Upload',
			action: 'Upload a parcel',
			description: 'Sends an EDI file (one or more X12 or EDIFACT interchanges) into ECGrid for routing to trading partners',
			wsdl: scopedBy(
				[
					{ scope: 'own', operation: 'ParcelUpload', when: { transferEncoding: 'binary' } },
					{ scope: 'own', operation: 'ParcelUploadA', when: { transferEncoding: 'base64Text' } },
					{ scope: 'specific', operation: 'ParcelUploadEx', when: { transferEncoding: 'binary' } },
					{ scope: 'specific', operation: 'ParcelUploadExA', when: { transferEncoding: 'base64Text' } },
				],
				[TRANSFER_ENCODING],
			),
			parameters: {
				FileName: { editor: 'fileName', displayName: 'File Name' },
				Bytes: { editor: 'byteLength' },
				Content: { editor: 'binary', displayName: 'Input Binary Field' },
				ContentBase64: { editor: 'binary', displayName: 'Input Binary Field' },
			},
			output: { resultKey: 'parcelId' },
		},
		{
			value: 'uploadToPartner',
			name: 'Upload to Partner',
			action: 'Upload a parcel for a trading partner pair',
			description:
				'Uploads a file (for example a non-EDI managed file transfer) addressed from one ECGridID to another instead of by its envelopes',
			wsdl: encoded('ParcelUploadMft', 'ParcelUploadMftA'),
			parameters: {
				FileName: { editor: 'fileName', displayName: 'File Name' },
				Bytes: { editor: 'byteLength' },
				Content: { editor: 'binary', displayName: 'Input Binary Field' },
				ContentBase64: { editor: 'binary', displayName: 'Input Binary Field' },
				ECGridIDFrom: { displayName: 'Sender ECGridID', description: 'The trading partner the file is from' },
				ECGridIDTo: { displayName: 'Receiver ECGridID', description: 'The trading partner the file is for' },
			},
			output: { resultKey: 'parcelId' },
		},
		{
			value: 'getInbox',
			name: 'Get Many in Inbox',
			action: 'Get parcels waiting in the inbox',
			description: 'Lists the parcels ready to download in a mailbox inbox',
			wsdl: scopedBy(
				[
					{ scope: 'own', operation: 'ParcelInBox', when: { inboxListing: 'ready' } },
					{ scope: 'specific', operation: 'ParcelInBoxEx', when: { inboxListing: 'ready' } },
					{ scope: 'specific', operation: 'ParcelInBoxExShort', when: { inboxListing: 'byStatus' } },
				],
				[
					{
						name: 'inboxListing',
						displayName: 'Listing',
						description: 'Which form of the inbox listing to use',
						type: 'options',
						options: [
							{ name: 'Ready to Download', value: 'ready' },
							{
								name: 'By Status (Short Records)',
								value: 'byStatus',
								description: 'Parcels in a chosen status, with fewer fields per parcel',
							},
						],
						default: 'ready',
						showWhen: SPECIFIC_MAILBOX_ONLY,
					},
				],
			),
			parameters: {
				ECGridIDFrom: SENDER_FILTER,
				ECGridIDTo: RECEIVER_FILTER,
				Status: { displayName: 'Status', description: 'Only parcels in this status' },
			},
			output: { simplify: PARCEL_SUMMARY },
		},
		{
			value: 'getInboxArchive',
			name: 'Get Many Received',
			action: 'Get received parcels in a date range',
			description: 'Lists parcels received in a period, including those already downloaded and confirmed',
			wsdl: archiveListing('ParcelInBoxArchive', 'ParcelInBoxArchiveEx', 'ParcelInBoxArchiveExShort', 'ParcelInBoxArchiveDescEx'),
			parameters: ARCHIVE_FILTERS,
			output: { simplify: PARCEL_SUMMARY },
		},
		{
			value: 'getOutboxArchive',
			name: 'Get Many Sent',
			action: 'Get sent parcels in a date range',
			description: 'Lists parcels uploaded in a period with their delivery status',
			wsdl: archiveListing('ParcelOutBoxArchive', 'ParcelOutBoxArchiveEx', 'ParcelOutBoxArchiveExShort', 'ParcelOutBoxArchiveDescEx'),
			parameters: ARCHIVE_FILTERS,
			output: { simplify: PARCEL_SUMMARY },
		},
		{
			value: 'getOutboxInProcess',
			name: 'Get Many in Process',
			action: 'Get sent parcels still being processed',
			description: 'Lists uploaded parcels that ECGrid has not finished routing or delivering',
			wsdl: scopedBy([
				{ scope: 'own', operation: 'ParcelOutBoxInProcess' },
				{ scope: 'specific', operation: 'ParcelOutBoxInProcessEx' },
			]),
			output: { simplify: PARCEL_SUMMARY },
		},
		{
			value: 'getOutboxErrors',
			name: 'Get Many With Errors',
			action: 'Get sent parcels that failed',
			description: 'Lists uploaded parcels that ended in an error (bad envelope, unknown receiver, delivery failure) in a period',
			wsdl: scopedBy([
				{ scope: 'own', operation: 'ParcelOutBoxError' },
				{ scope: 'specific', operation: 'ParcelOutBoxErrorEx' },
			]),
			parameters: DATE_RANGE,
			output: { simplify: PARCEL_SUMMARY },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a parcel',
			description: 'Returns a parcel’s details: sender, receiver, status, interchanges and log',
			wsdl: 'ParcelInfo',
			parameters: { ParcelID: PARCEL_ID },
			output: { simplify: PARCEL_SUMMARY },
		},
		{
			value: 'download',
			name: 'Download',
			action: 'Download a parcel',
			description:
				'Downloads a parcel’s file into a binary field. ECGrid marks it downloaded; confirm it once it is safely processed.',
			wsdl: {
				selectors: [UPDATE_STATUS, TRANSFER_ENCODING],
				calls: [
					{ operation: 'ParcelDownload', when: { markDownloaded: true, transferEncoding: 'binary' } },
					{ operation: 'ParcelDownloadA', when: { markDownloaded: true, transferEncoding: 'base64Text' } },
					{ operation: 'ParcelDownloadNoUpdate', when: { markDownloaded: false, transferEncoding: 'binary' } },
					{ operation: 'ParcelDownloadNoUpdateA', when: { markDownloaded: false, transferEncoding: 'base64Text' } },
				],
			},
			parameters: { ParcelID: PARCEL_ID },
			output: { kind: 'file' },
		},
		{
			value: 'downloadToS3',
			name: 'Download to S3',
			action: 'Deliver a parcel to an S3 bucket',
			description: 'Has ECGrid write the parcel’s file straight into an Amazon S3 bucket of yours',
			wsdl: 'ParcelDownloadS3',
			parameters: {
				ParcelID: PARCEL_ID,
				AccessKey: { required: true, displayName: 'Access Key ID' },
				SecretKey: { required: true, displayName: 'Secret Access Key' },
				Bucket: { required: true, displayName: 'Bucket' },
				Prefix: { displayName: 'Key Prefix', description: 'Folder-like prefix for the object key' },
				Region: { required: true, displayName: 'Region', placeholder: 'us-east-1' },
			},
			output: { resultKey: 'result', echo: ['ParcelID'] },
		},
		{
			value: 'confirm',
			name: 'Confirm Download',
			action: 'Confirm a downloaded parcel',
			description: 'Tells ECGrid the parcel was received safely; it leaves the inbox and is archived',
			wsdl: 'ParcelDownloadConfirm',
			parameters: { ParcelID: PARCEL_ID },
			output: { resultKey: 'confirmed', echo: ['ParcelID'] },
		},
		{
			value: 'confirmPendingAck',
			name: 'Confirm Pending Acknowledgment',
			action: 'Confirm a download and set a pending-acknowledgment status',
			description: 'Confirms a downloaded parcel while recording that a functional acknowledgment is still expected',
			wsdl: 'ParcelDownloadConfirmPendingAck',
			parameters: { ParcelID: PARCEL_ID, Status: { displayName: 'Status', description: 'The status to record' } },
			output: { resultKey: 'confirmed', echo: ['ParcelID'] },
		},
		{
			value: 'reset',
			name: 'Reset Download',
			action: 'Put a downloaded parcel back in the inbox',
			description: 'Returns a downloaded (not yet confirmed) parcel to the inbox so it can be downloaded again',
			wsdl: 'ParcelDownloadReset',
			parameters: { ParcelID: PARCEL_ID },
			output: { resultKey: 'reset', echo: ['ParcelID'] },
		},
		{
			value: 'cancel',
			name: 'Cancel',
			action: 'Cancel a parcel',
			description: 'Cancels a parcel so it is neither delivered nor offered for download',
			wsdl: 'ParcelDownloadCancel',
			parameters: { ParcelID: PARCEL_ID },
			output: { resultKey: 'cancelled', echo: ['ParcelID'] },
		},
		{
			value: 'resend',
			name: 'Resend',
			action: 'Resend a parcel',
			description: 'Routes a sent parcel again, for example after a trading partner fixed their side',
			wsdl: 'ParcelResend',
			parameters: { ParcelID: PARCEL_ID },
			output: { resultKey: 'resent', echo: ['ParcelID'] },
		},
		{
			value: 'updateStatus',
			name: 'Update Status',
			action: 'Set a parcel’s ECGrid status',
			description: 'Sets the ECGrid status of a parcel, or only logs the status change',
			wsdl: 'ParcelUpdateStatus',
			parameters: {
				ParcelID: PARCEL_ID,
				Status: { displayName: 'Status' },
				TransLogOnly: { displayName: 'Log Only', description: 'Whether to only write the status to the parcel log', default: false },
			},
			output: { resultKey: 'updated', echo: ['ParcelID'] },
		},
		{
			value: 'updateLocalStatus',
			name: 'Update Local Status',
			action: 'Set your own status number on a parcel',
			description: 'Stores a status code of your own (for example your ERP’s processing state) on the parcel',
			wsdl: 'ParcelUpdateLocalStatus',
			parameters: { ParcelID: PARCEL_ID, Status: { displayName: 'Local Status', description: 'Your own status number' } },
			output: { resultKey: 'updated', echo: ['ParcelID'] },
		},
		{
			value: 'addAcknowledgmentNote',
			name: 'Add Acknowledgment Note',
			action: 'Add an acknowledgment note to a parcel',
			description: 'Records a note on the parcel, for example why a 997/CONTRL was rejected',
			wsdl: 'ParcelAcknowledgmentNote',
			parameters: {
				ParcelID: PARCEL_ID,
				Subject: { required: true, displayName: 'Subject' },
				Note: { required: true, displayName: 'Note', rows: 4 },
			},
			output: { resultKey: 'added', echo: ['ParcelID'] },
		},
		{
			value: 'getNotes',
			name: 'Get Notes',
			action: 'Get the notes of a parcel',
			description: 'Lists the notes recorded on a parcel',
			wsdl: 'ParcelNoteList',
			parameters: { ParcelID: PARCEL_ID },
		},
		{
			value: 'getManifest',
			name: 'Get Manifest',
			action: 'Get the manifest of a parcel',
			description: 'Lists the manifest entries of a parcel: its interchanges and routing events',
			wsdl: 'ParcelManifest',
			parameters: { ParcelID: PARCEL_ID },
		},
		{
			value: 'setMailbagControlId',
			name: 'Set Mailbag Control ID',
			action: 'Set the mailbag control ID of a parcel',
			description: 'Stores your own reference on a parcel so you can find it later by that reference',
			wsdl: 'ParcelSetMailbagControlID',
			parameters: {
				ParcelID: PARCEL_ID,
				MailbagControlID: { required: true, displayName: 'Mailbag Control ID' },
			},
			output: { resultKey: 'updated', echo: ['ParcelID'] },
		},
		{
			value: 'findByMailbagControlId',
			name: 'Find by Mailbag Control ID',
			action: 'Find parcels by mailbag control ID',
			description: 'Finds the parcels of a mailbox that carry a mailbag control ID',
			wsdl: {
				selectors: [
					{
						name: 'restrictToPeriod',
						displayName: 'Restrict to Period',
						description: 'Whether to search only parcels received in a date range',
						type: 'boolean',
						default: false,
					},
				],
				calls: [
					{ operation: 'ParcelFindMailbagControlID', when: { restrictToPeriod: false } },
					{ operation: 'ParcelFindMailbagControlIDTo', when: { restrictToPeriod: true } },
				],
			},
			parameters: {
				...DATE_RANGE,
				MailbagControlID: { required: true, displayName: 'Mailbag Control ID' },
			},
			output: { simplify: PARCEL_SUMMARY },
		},
		{
			value: 'sendTest',
			name: 'Send Test Parcel',
			action: 'Send a test parcel between two trading partners',
			description: 'Has ECGrid generate a test interchange from one ECGridID to another, to check a new connection end to end',
			wsdl: 'ParcelTest',
			parameters: {
				ECGridIDFrom: { displayName: 'Sender ECGridID' },
				ECGridIDTo: { displayName: 'Receiver ECGridID' },
				DocumentType: { displayName: 'Standard', description: 'The EDI standard of the test interchange' },
			},
			output: { resultKey: 'parcelId' },
		},
	],
};
