/**
 * Readable forms of the common X12 transaction sets (004010 and 005010 share these segments):
 * 850 Purchase Order, 855 Purchase Order Acknowledgment, 856 Ship Notice, 810 Invoice,
 * 997 Functional Acknowledgment and 999 Implementation Acknowledgment. Element positions and
 * requirement designators follow the X12 segment directory; names are ours.
 */
import { field, loop, segment, type Rule, type SegmentRule, type SetDescription } from './mapping';

/**
 * A set's beginning segment (BEG, BAK, BSN, BIG), which every set must have: its elements named in
 * order from the first, those listed in `required` required.
 */
function beginning(tag: string, names: string[], required: string[]): SegmentRule {
	return segment(
		tag,
		names.map((name, index) => field(name, index + 1, required.includes(name) ? { required: true } : {})),
		{ required: true },
	);
}

const references = segment('REF', [field('qualifier', 1), field('value', 2), field('description', 3)], { key: 'references', repeat: true });
const dates = segment('DTM', [field('qualifier', 1), field('date', 2), field('time', 3)], { key: 'dates', repeat: true });
const contacts = segment(
	'PER',
	[field('function', 1), field('name', 2), field('numberQualifier', 3), field('number', 4), field('secondNumberQualifier', 5), field('secondNumber', 6)],
	{ key: 'contacts', repeat: true },
);
const currency = segment('CUR', [field('entity', 1), field('code', 2)], { key: 'currency' });
const descriptions = segment('PID', [field('type', 1), field('characteristic', 2), field('code', 4), field('description', 5)], {
	key: 'descriptions',
	repeat: true,
});
const packing = segment('PO4', [field('pack', 1, { numeric: true }), field('size', 2, { numeric: true }), field('unit', 3), field('packagingCode', 4), field('weightQualifier', 5), field('weight', 6, { numeric: true }), field('weightUnit', 7), field('volume', 8, { numeric: true }), field('volumeUnit', 9)], {
	key: 'packing',
});
const carriers = segment(
	'TD5',
	[field('routingSequence', 1), field('idQualifier', 2), field('id', 3), field('transportationMethod', 4), field('routing', 5)],
	{ key: 'carriers', repeat: true },
);
const fob = segment('FOB', [field('paymentMethod', 1), field('locationQualifier', 2), field('location', 3)], { key: 'fob' });
const terms = segment(
	'ITD',
	[
		field('termsType', 1),
		field('basisDate', 2),
		field('discountPercent', 3, { numeric: true }),
		field('discountDueDate', 4),
		field('discountDays', 5, { numeric: true }),
		field('netDueDate', 6),
		field('netDays', 7, { numeric: true }),
		field('description', 12),
	],
	{ key: 'termsOfSale', repeat: true },
);
const allowancesCharges = segment(
	'SAC',
	[field('indicator', 1, { required: true }), field('code', 2), field('amount', 5, { impliedDecimals: 2 }), field('description', 15)],
	{ key: 'allowancesCharges', repeat: true },
);
const parties = loop('parties', [
	segment('N1', [field('entity', 1, { required: true }), field('name', 2), field('idQualifier', 3), field('id', 4)]),
	segment('N2', [field('name', 1), field('secondName', 2)], { key: 'additionalNames', repeat: true }),
	segment('N3', [field('address', 1), field('address2', 2)], { key: 'streets', repeat: true }),
	segment('N4', [field('city', 1), field('state', 2), field('postalCode', 3), field('country', 4)]),
	contacts,
	references,
]);
const schedules = segment(
	'SCH',
	[field('quantity', 1, { numeric: true, required: true }), field('unit', 2, { required: true }), field('entity', 3), field('name', 4), field('dateQualifier', 5), field('date', 6)],
	{ key: 'schedules', repeat: true },
);
const lineAcknowledgments = segment(
	'ACK',
	[field('status', 1, { required: true }), field('quantity', 2, { numeric: true }), field('unit', 3), field('dateQualifier', 4), field('date', 5)],
	{ key: 'acknowledgments', repeat: true },
);
const totals = segment('CTT', [field('lineItemCount', 1, { numeric: true, required: true }), field('hashTotal', 2, { numeric: true })], { key: 'totals' });
const amounts = segment('AMT', [field('qualifier', 1), field('amount', 2, { numeric: true })], { key: 'amounts', repeat: true });
const productIds = { from: 6, key: 'productIds', names: ['qualifier', 'id'] as [string, string] };

/** PO1 (850, 855) and IT1 (810) share the baseline item layout: line, quantity, unit, price, basis, then product ID pairs. */
function baselineItem(tag: 'PO1' | 'IT1'): SegmentRule {
	return segment(tag, [field('lineNumber', 1), field('quantity', 2, { numeric: true }), field('unit', 3), field('unitPrice', 4, { numeric: true }), field('priceBasis', 5)], {
		pairs: productIds,
	});
}

/** The PO1 loop of the 850 and 855. */
const purchaseOrderLines = loop('lineItems', [
	baselineItem('PO1'),
	currency,
	descriptions,
	packing,
	references,
	contacts,
	dates,
	allowancesCharges,
	lineAcknowledgments,
	schedules,
	parties,
]);

/** What follows the beginning segment (BEG, BAK) in the 850 and the 855, which share their structure. */
const orderBody: Rule[] = [
	currency,
	references,
	contacts,
	allowancesCharges,
	terms,
	dates,
	fob,
	segment('PKG', [field('type', 1), field('characteristic', 2), field('code', 4), field('description', 5)], { key: 'packaging', repeat: true }),
	carriers,
	parties,
	purchaseOrderLines,
	totals,
	amounts,
];

const purchaseOrder: Rule[] = [
	beginning('BEG', ['purpose', 'orderType', 'purchaseOrderNumber', 'releaseNumber', 'orderDate', 'contractNumber'], ['purpose', 'orderType', 'purchaseOrderNumber', 'orderDate']),
	...orderBody,
];

const purchaseOrderAcknowledgment: Rule[] = [
	beginning(
		'BAK',
		['purpose', 'acknowledgmentType', 'purchaseOrderNumber', 'purchaseOrderDate', 'releaseNumber', 'requestReferenceNumber', 'contractNumber', 'referenceId', 'acknowledgmentDate'],
		['purpose', 'acknowledgmentType', 'purchaseOrderNumber', 'purchaseOrderDate'],
	),
	...orderBody,
];

const shipNotice: Rule[] = [
	beginning('BSN', ['purpose', 'shipmentId', 'date', 'time', 'hierarchicalStructure'], ['purpose', 'shipmentId', 'date', 'time']),
	dates,
	loop('hierarchicalLevels', [
		segment('HL', [field('id', 1, { required: true }), field('parentId', 2), field('levelCode', 3, { required: true }), field('childCode', 4)]),
		segment('LIN', [field('lineNumber', 1)], { pairs: { from: 2, key: 'productIds', names: ['qualifier', 'id'] } }),
		segment('SN1', [field('quantityShipped', 2, { numeric: true }), field('unit', 3), field('quantityShippedToDate', 4, { numeric: true })]),
		segment('PRF', [field('purchaseOrderNumber', 1, { required: true }), field('releaseNumber', 2), field('date', 4)], { key: 'purchaseOrder' }),
		descriptions,
		packing,
		segment(
			'TD1',
			[field('packagingCode', 1), field('ladingQuantity', 2, { numeric: true }), field('weightQualifier', 6), field('weight', 7, { numeric: true }), field('weightUnit', 8), field('volume', 9, { numeric: true }), field('volumeUnit', 10)],
			{ key: 'packagingDetails', repeat: true },
		),
		carriers,
		segment('TD3', [field('equipmentCode', 1), field('equipmentInitial', 2), field('equipmentNumber', 3)], { key: 'equipment', repeat: true }),
		segment('MAN', [field('qualifier', 1), field('number', 2)], { key: 'marks', repeat: true }),
		references,
		dates,
		fob,
		parties,
	]),
	totals,
];

const invoice: Rule[] = [
	beginning('BIG', ['invoiceDate', 'invoiceNumber', 'purchaseOrderDate', 'purchaseOrderNumber', 'releaseNumber', 'changeOrderSequence', 'transactionType'], ['invoiceDate', 'invoiceNumber']),
	segment('NTE', [field('referenceCode', 1), field('text', 2)], { key: 'notes', repeat: true }),
	currency,
	references,
	contacts,
	parties,
	terms,
	dates,
	fob,
	loop('lineItems', [
		baselineItem('IT1'),
		currency,
		descriptions,
		packing,
		references,
		dates,
		allowancesCharges,
	]),
	segment('TDS', [field('totalAmount', 1, { impliedDecimals: 2, required: true }), field('amountSubjectToDiscount', 2, { impliedDecimals: 2 })], { key: 'totalMonetaryValue' }),
	segment('TXI', [field('taxType', 1), field('amount', 2, { numeric: true }), field('percent', 3, { numeric: true })], { key: 'taxes', repeat: true }),
	segment('CAD', [field('transportationMethod', 1), field('carrierCode', 4), field('routing', 5)], { key: 'carrierDetails', repeat: true }),
	allowancesCharges,
	segment('ISS', [field('units', 1, { numeric: true }), field('unit', 2), field('weight', 3, { numeric: true }), field('weightUnit', 4)], {
		key: 'shipmentSummary',
		repeat: true,
	}),
	totals,
];

const functionalGroupHeader = segment(
	'AK1',
	[field('functionalIdentifier', 1, { required: true }), field('groupControlNumber', 2, { required: true }), field('version', 3)],
	{ required: true },
);
const groupResponse = segment(
	'AK9',
	[
		field('groupStatus', 1, { required: true }),
		field('setsIncluded', 2, { numeric: true, required: true }),
		field('setsReceived', 3, { numeric: true, required: true }),
		field('setsAccepted', 4, { numeric: true, required: true }),
	],
	{ list: { from: 5, key: 'groupErrorCodes' }, required: true },
);
const setResponseHeader = segment('AK2', [field('transactionSetId', 1, { required: true }), field('controlNumber', 2, { required: true }), field('implementationReference', 3)]);

/**
 * The 997 and the 999 share their loops; the 999's IK segments add a context (CTX), a repetition
 * position (IK401-3) and make the segment error code (IK304) required.
 */
function acknowledgmentRules(type: '997' | '999'): Rule[] {
	const implementation = type === '999';
	const prefix = implementation ? 'IK' : 'AK';
	return [
		functionalGroupHeader,
		loop('transactionSetResponses', [
			setResponseHeader,
			loop('segmentErrors', [
				segment(`${prefix}3`, [
					field('segmentId', 1, { required: true }),
					field('position', 2, { numeric: true, required: true }),
					field('loopId', 3),
					field('errorCode', 4, { required: implementation }),
				]),
				...(implementation
					? [segment('CTX', [field('context', 1), field('segmentId', 2), field('position', 3, { numeric: true }), field('loopId', 4)], { key: 'contexts', repeat: true })]
					: []),
				segment(
					`${prefix}4`,
					[
						field('elementPosition', 1, { component: 1, numeric: true, required: true }),
						field('componentPosition', 1, { component: 2, numeric: true }),
						...(implementation ? [field('repetitionPosition', 1, { component: 3, numeric: true })] : []),
						field('elementReference', 2),
						field('errorCode', 3, { required: true }),
						field('badValue', 4),
					],
					{ key: 'elementErrors', repeat: true },
				),
			]),
			segment(`${prefix}5`, [field('status', 1, { required: true })], { list: { from: 2, key: 'errorCodes' } }),
		]),
		groupResponse,
	];
}

export const X12_SETS: Record<string, SetDescription> = {
	'850': { title: 'Purchase Order', rules: purchaseOrder },
	'855': { title: 'Purchase Order Acknowledgment', rules: purchaseOrderAcknowledgment },
	'856': { title: 'Ship Notice/Manifest', rules: shipNotice },
	'810': { title: 'Invoice', rules: invoice },
	'997': { title: 'Functional Acknowledgment', rules: acknowledgmentRules('997') },
	'999': { title: 'Implementation Acknowledgment', rules: acknowledgmentRules('999') },
};

/** GS01 functional identifier by transaction set, for groups the node builds without a GS of the input. */
export const X12_FUNCTIONAL_IDS: Record<string, string> = {
	'204': 'SM',
	'210': 'IM',
	'214': 'QM',
	'810': 'IN',
	'820': 'RA',
	'830': 'PS',
	'835': 'HP',
	'837': 'HC',
	'846': 'IB',
	'850': 'PO',
	'855': 'PR',
	'856': 'SH',
	'860': 'PC',
	'865': 'CA',
	'940': 'OW',
	'945': 'SW',
	'997': 'FA',
	'999': 'FA',
};
