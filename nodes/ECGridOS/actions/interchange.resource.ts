import type { ParameterPresentation, ResourceDefinition, VariantSelector, VariantSpec } from './types';
import { SPECIFIC_MAILBOX_ONLY, scoped, scopedBy } from './variants';

const INTERCHANGE_ID: ParameterPresentation = {
	displayName: 'Interchange ID',
	description: 'The ECGrid interchange ID, as listed by the interchange and parcel operations (not the ISA13/UNB control number)',
};

const SENDER_FILTER: ParameterPresentation = {
	displayName: 'Sender ECGridID',
	description: 'Only interchanges from this trading partner; 0 for any sender',
	optional: true,
	default: 0,
	editor: 'plain',
};

const RECEIVER_FILTER: ParameterPresentation = {
	displayName: 'Receiver ECGridID',
	description: 'Only interchanges to this trading partner; 0 for any receiver',
	optional: true,
	default: 0,
	editor: 'plain',
};

const PARTNER_FILTERS: Record<string, ParameterPresentation> = {
	ECGridIDFrom: SENDER_FILTER,
	ECGridIDTo: RECEIVER_FILTER,
};

const PERIOD_FILTERS: Record<string, ParameterPresentation> = {
	...PARTNER_FILTERS,
	BeginDate: { displayName: 'Start Date', description: 'Start of the period to list' },
	EndDate: { displayName: 'End Date', description: 'End of the period to list' },
};

const LISTING_FILTERS: Record<string, ParameterPresentation> = {
	...PERIOD_FILTERS,
	InterchangeControlID: {
		displayName: 'Interchange Control Number',
		description: 'Only the interchange with this control number (ISA13 in X12, UNB interchange control reference in EDIFACT)',
		placeholder: '000000123',
	},
};

const HEADER: ParameterPresentation = {
	required: true,
	rows: 3,
	description:
		'The interchange header segment: ISA for X12, UNB (optionally after UNA) for EDIFACT. With a binary source, the input binary field that holds it.',
};

const INTERCHANGE_SUMMARY = [
	'InterchangeID',
	'InterchangeControlID',
	'InterchangeDateTime',
	'InterchangeProcessDate',
	'Standard',
	'DocumentType',
	'Bytes',
	'StatusCode',
	'StatusMessage',
	'TPFrom',
	'TPTo',
	'NetworkIDFrom',
	'MailboxIDFrom',
	'NetworkIDTo',
	'MailboxIDTo',
];

/** ECGridOS lists interchanges either in one response or through its paged archive listing. */
const LISTING: VariantSelector = {
	name: 'interchangeListing',
	displayName: 'Listing',
	description: 'Which ECGridOS listing to read',
	type: 'options',
	options: [
		{ name: 'Standard', value: 'standard', description: 'All matches in one response; suits short periods' },
		{
			name: 'Archive (Paged)',
			value: 'archive',
			description: 'ECGrid’s paged archive listing; suits long periods and large volumes',
		},
	],
	default: 'standard',
};

/** Only the outbound archive of a specific mailbox has a form without parcel data. */
const INCLUDE_PARCELS: VariantSelector = {
	name: 'includeParcels',
	displayName: 'Include Parcels',
	description:
		'Whether each interchange carries the parcels it travelled in. Turn off to use ECGridOS’s lighter “NoParcel” archive listing.',
	type: 'boolean',
	default: true,
	showWhen: { ...SPECIFIC_MAILBOX_ONLY, interchangeListing: ['archive'] },
};

const DIRECTION: VariantSelector = {
	name: 'interchangeDirection',
	displayName: 'Direction',
	description: 'Interchanges coming into the mailbox or going out of it',
	type: 'options',
	options: [
		{ name: 'Inbound', value: 'inbound', description: 'Interchanges addressed to the mailbox' },
		{ name: 'Outbound', value: 'outbound', description: 'Interchanges sent by the mailbox' },
	],
	default: 'inbound',
};

/** Own/specific mailbox × inbound/outbound. */
function byDirection(inbound: [string, string], outbound: [string, string]): VariantSpec {
	return scopedBy(
		[
			{ scope: 'own', operation: inbound[0], when: { interchangeDirection: 'inbound' } },
			{ scope: 'specific', operation: inbound[1], when: { interchangeDirection: 'inbound' } },
			{ scope: 'own', operation: outbound[0], when: { interchangeDirection: 'outbound' } },
			{ scope: 'specific', operation: outbound[1], when: { interchangeDirection: 'outbound' } },
		],
		[DIRECTION],
	);
}

export const interchangeResource: ResourceDefinition = {
	value: 'interchange',
	name: 'Interchange',
	description:
		'EDI interchanges (one ISA…IEA or UNB…UNZ envelope each) that ECGrid found in parcels and routed: lists, status, manifest, resend',
	operations: [
		{
			value: 'cancel',
			name: 'Cancel',
			action: 'Cancel an interchange',
			description: 'Stops an interchange that has not been delivered yet, so ECGrid does not deliver it',
			wsdl: 'InterchangeCancel',
			parameters: { InterchangeID: INTERCHANGE_ID },
			output: { resultKey: 'cancelled', echo: ['InterchangeID'] },
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get an interchange',
			description:
				'Returns an interchange’s details: sender and receiver trading partners, control number, standard, status and the parcels it travelled in',
			wsdl: 'InterchangeInfo',
			parameters: { InterchangeID: INTERCHANGE_ID },
			output: { simplify: INTERCHANGE_SUMMARY },
		},
		{
			value: 'getManifest',
			name: 'Get Manifest',
			action: 'Get the manifest of an interchange',
			description:
				'Lists every routing and delivery event of an interchange, end to end, with the network and parcel of each step; use it to trace where an interchange is',
			wsdl: 'InterchangeManifest',
			parameters: { InterchangeID: INTERCHANGE_ID },
		},
		{
			value: 'getManyBlocked',
			name: 'Get Many Blocked',
			action: 'Get blocked interchanges in a date range',
			description:
				'Lists interchanges of a period that ECGrid holds in a blocked state instead of delivering them; their status message says why',
			wsdl: byDirection(
				['InterchangeInBoxBlocked', 'InterchangeInBoxBlockedEx'],
				['InterchangeOutBoxBlocked', 'InterchangeOutBoxBlockedEx'],
			),
			parameters: PERIOD_FILTERS,
			output: { simplify: INTERCHANGE_SUMMARY },
		},
		{
			value: 'getManyPending',
			name: 'Get Many Pending',
			action: 'Get interchanges waiting for delivery',
			description:
				'Lists interchanges still on their way: inbound ones not yet picked up by the mailbox, or outbound ones not yet delivered to the receiver',
			wsdl: byDirection(
				['InterchangeInBoxPending', 'InterchangeInBoxPendingEx'],
				['InterchangeOutBoxPending', 'InterchangeOutBoxPendingEx'],
			),
			parameters: PARTNER_FILTERS,
			output: { simplify: INTERCHANGE_SUMMARY },
		},
		{
			value: 'getManyReceived',
			name: 'Get Many Received',
			action: 'Get received interchanges in a date range',
			description:
				'Lists the interchanges a mailbox received in a period, optionally only those from or to one trading partner or with one control number',
			wsdl: scopedBy(
				[
					{ scope: 'own', operation: 'InterchangeInBox', when: { interchangeListing: 'standard' } },
					{ scope: 'own', operation: 'InterchangeInBoxArchive', when: { interchangeListing: 'archive' } },
					{ scope: 'specific', operation: 'InterchangeInBoxEx', when: { interchangeListing: 'standard' } },
					{ scope: 'specific', operation: 'InterchangeInBoxArchiveEx', when: { interchangeListing: 'archive' } },
				],
				[LISTING],
			),
			parameters: LISTING_FILTERS,
			output: { simplify: INTERCHANGE_SUMMARY },
		},
		{
			value: 'getManySent',
			name: 'Get Many Sent',
			action: 'Get sent interchanges in a date range',
			description:
				'Lists the interchanges a mailbox sent in a period with their delivery status, optionally only those from or to one trading partner or with one control number',
			wsdl: scopedBy(
				[
					{ scope: 'own', operation: 'InterchangeOutBox', when: { interchangeListing: 'standard', includeParcels: true } },
					{ scope: 'own', operation: 'InterchangeOutBoxArchive', when: { interchangeListing: 'archive', includeParcels: true } },
					{ scope: 'specific', operation: 'InterchangeOutBoxEx', when: { interchangeListing: 'standard', includeParcels: true } },
					{ scope: 'specific', operation: 'InterchangeOutBoxArchiveEx', when: { interchangeListing: 'archive', includeParcels: true } },
					{
						scope: 'specific',
						operation: 'InterchangeOutBoxArchiveExNoParcel',
						when: { interchangeListing: 'archive', includeParcels: false },
					},
				],
				[LISTING, INCLUDE_PARCELS],
			),
			parameters: LISTING_FILTERS,
			output: { simplify: INTERCHANGE_SUMMARY },
		},
		{
			value: 'getManyUnroutable',
			name: 'Get Many Unroutable',
			action: 'Get sent interchanges that could not be routed',
			description:
				'Lists interchanges sent in a period that ECGrid could not route, typically because the receiver’s qualifier/ID is unknown or no interconnect exists yet',
			wsdl: scoped('InterchangeOutBoxNoRoute', 'InterchangeOutBoxNoRouteEx'),
			parameters: PERIOD_FILTERS,
			output: { simplify: INTERCHANGE_SUMMARY },
		},
		{
			value: 'parseHeader',
			name: 'Parse Header',
			action: 'Parse an interchange header',
			description:
				'Reads an ISA or UNB header the way ECGrid does and returns the standard, control number, date and the sender and receiver trading partners; useful to check routing before sending',
			wsdl: {
				selectors: [
					{
						name: 'headerSource',
						displayName: 'Header Source',
						description: 'Where the header comes from',
						type: 'options',
						options: [
							{ name: 'Text', value: 'text', description: 'Type or map the header segment as text' },
							{
								name: 'Binary Property',
								value: 'binary',
								description: 'Read the header from an input binary field, for example a file read from disk',
							},
						],
						default: 'text',
					},
				],
				calls: [
					{ operation: 'InterchangeHeaderInfo', when: { headerSource: 'text' } },
					{ operation: 'InterchangeHeaderInfoB', when: { headerSource: 'binary' } },
				],
			},
			parameters: { InterchangeHeader: HEADER },
			output: { simplify: INTERCHANGE_SUMMARY },
		},
		{
			value: 'parseHeaderDate',
			name: 'Parse Header Date',
			action: 'Get the date of an interchange header',
			description:
				'Returns the interchange date and time written in an ISA (ISA09/ISA10) or UNB header as one date-time value; needs no login',
			wsdl: 'InterchangeDate',
			parameters: {
				InterchangeHeader: {
					required: true,
					rows: 3,
					description: 'The interchange header segment: ISA for X12, UNB (optionally after UNA) for EDIFACT',
				},
			},
			output: { resultKey: 'interchangeDate' },
		},
		{
			value: 'resend',
			name: 'Resend',
			action: 'Resend an interchange',
			description:
				'Routes an interchange again, following the current routing (for example after a trading partner moved to another network); returns its new status',
			wsdl: 'InterchangeResend',
			parameters: { InterchangeID: INTERCHANGE_ID },
		},
	],
};
