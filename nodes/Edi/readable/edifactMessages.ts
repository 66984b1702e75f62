/**
 * Readable forms of the common UN/EDIFACT messages: ORDERS, ORDRSP, DESADV, INVOIC and CONTRL.
 * Element and component positions follow the UN directories D.96A to D.01B, which agree on these
 * segments; names are ours. Segment groups become loops keyed by what they hold.
 */
import { field, loop, segment, type Rule, type SetDescription } from './mapping';

const beginning = (numberName: string) =>
	segment('BGM', [field('documentType', 1, { component: 1 }), field(numberName, 2, { component: 1 }), field('messageFunction', 3), field('responseType', 4)], {
		required: true,
	});
const dates = segment('DTM', [field('qualifier', 1, { component: 1, required: true }), field('date', 1, { component: 2 }), field('format', 1, { component: 3 })], {
	key: 'dates',
	repeat: true,
});
const freeTexts = segment('FTX', [field('subject', 1, { required: true }), field('function', 2), field('text', 4, { component: 1 }), field('text2', 4, { component: 2 })], {
	key: 'freeTexts',
	repeat: true,
});
const references = segment('RFF', [field('qualifier', 1, { component: 1, required: true }), field('value', 1, { component: 2 }), field('lineNumber', 1, { component: 3 })], {
	key: 'references',
	repeat: true,
});
const currencies = segment('CUX', [field('usage', 1, { component: 1 }), field('code', 1, { component: 2 }), field('qualifier', 1, { component: 3 })], {
	key: 'currencies',
	repeat: true,
});
const paymentTerms = segment('PAT', [field('type', 1, { required: true }), field('terms', 2, { component: 1 }), field('timeReference', 3, { component: 1 })], {
	key: 'paymentTerms',
	repeat: true,
});
const taxes = (key: string) =>
	segment('TAX', [field('function', 1, { required: true }), field('type', 2, { component: 1 }), field('category', 6), field('rate', 5, { component: 4, numeric: true })], {
		key,
		repeat: true,
	});
const amounts = (key: string) =>
	segment('MOA', [field('qualifier', 1, { component: 1, required: true }), field('amount', 1, { component: 2, numeric: true }), field('currency', 1, { component: 3 })], {
		key,
		repeat: true,
	});
const locations = segment('LOC', [field('qualifier', 1, { required: true }), field('id', 2, { component: 1 }), field('codeList', 2, { component: 2 }), field('agency', 2, { component: 3 })], {
	key: 'locations',
	repeat: true,
});
const parties = loop('parties', [
	segment('NAD', [
		field('qualifier', 1, { required: true }),
		field('id', 2, { component: 1 }),
		field('codeList', 2, { component: 2 }),
		field('agency', 2, { component: 3 }),
		field('nameAndAddress', 3, { component: 1 }),
		field('name', 4, { component: 1 }),
		field('street', 5, { component: 1 }),
		field('city', 6),
		field('countrySubEntity', 7),
		field('postalCode', 8),
		field('country', 9),
	]),
	locations,
	references,
	loop('contacts', [
		segment('CTA', [field('function', 1), field('department', 2, { component: 1 }), field('name', 2, { component: 2 })]),
		segment('COM', [field('number', 1, { component: 1, required: true }), field('channel', 1, { component: 2 })], { key: 'communications', repeat: true }),
	]),
]);
const quantities = segment('QTY', [field('qualifier', 1, { component: 1, required: true }), field('quantity', 1, { component: 2, numeric: true, required: true }), field('unit', 1, { component: 3 })], {
	key: 'quantities',
	repeat: true,
});
const prices = segment(
	'PRI',
	[
		field('qualifier', 1, { component: 1, required: true }),
		field('price', 1, { component: 2, numeric: true }),
		field('type', 1, { component: 3 }),
		field('typeQualifier', 1, { component: 4 }),
		field('basis', 1, { component: 5, numeric: true }),
		field('unit', 1, { component: 6 }),
	],
	{ key: 'prices', repeat: true },
);
const additionalProductIds = segment(
	'PIA',
	[field('function', 1, { required: true }), field('id', 2, { component: 1 }), field('type', 2, { component: 2 }), field('secondId', 3, { component: 1 }), field('secondType', 3, { component: 2 })],
	{ key: 'additionalProductIds', repeat: true },
);
const itemDescriptions = segment('IMD', [field('format', 1), field('characteristic', 2), field('code', 3, { component: 1 }), field('description', 3, { component: 4 })], {
	key: 'descriptions',
	repeat: true,
});
const measurements = segment(
	'MEA',
	[field('purpose', 1, { required: true }), field('dimension', 2, { component: 1 }), field('unit', 3, { component: 1 }), field('value', 3, { component: 2, numeric: true })],
	{ key: 'measurements', repeat: true },
);
const lineStart = segment('LIN', [
	field('lineNumber', 1),
	field('action', 2),
	field('productId', 3, { component: 1 }),
	field('productIdType', 3, { component: 2 }),
	field('sublineIndicator', 4, { component: 1 }),
	field('parentLine', 4, { component: 2 }),
]);
const lineItems = loop('lineItems', [
	lineStart,
	additionalProductIds,
	itemDescriptions,
	measurements,
	quantities,
	dates,
	amounts('amounts'),
	freeTexts,
	prices,
	references,
	taxes('taxes'),
	parties,
	locations,
]);
const sectionControl = segment('UNS', [field('section', 1, { required: true })]);
const controlTotals = segment('CNT', [field('qualifier', 1, { component: 1, required: true }), field('value', 1, { component: 2, numeric: true }), field('unit', 1, { component: 3 })], {
	key: 'controlTotals',
	repeat: true,
});
const transport = segment('TDT', [field('stageQualifier', 1, { required: true }), field('conveyanceReference', 2), field('mode', 3, { component: 1 }), field('carrier', 5, { component: 1 })], {
	key: 'transport',
	repeat: true,
});

/** What follows BGM in the commercial messages (ORDERS, ORDRSP, INVOIC): the header's dates, terms, texts, references, parties, taxes, currencies and amounts. */
const commercialHeader: Rule[] = [dates, paymentTerms, freeTexts, references, parties, taxes('taxes'), currencies, amounts('amounts')];

/** ORDERS and ORDRSP share their structure; only what BGM's document number is differs. */
const orderMessage = (numberName: string): Rule[] => [
	beginning(numberName),
	...commercialHeader,
	transport,
	lineItems,
	sectionControl,
	amounts('totals'),
	controlTotals,
];

const despatchAdvice: Rule[] = [
	beginning('despatchAdviceNumber'),
	dates,
	freeTexts,
	references,
	parties,
	transport,
	loop('packagingLevels', [
		segment('CPS', [field('hierarchicalId', 1, { required: true }), field('parentId', 2), field('packagingLevel', 3)]),
		segment('PAC', [field('packageCount', 1, { numeric: true }), field('packagingLevel', 2, { component: 1 }), field('packageType', 3, { component: 1 })], {
			key: 'packages',
			repeat: true,
		}),
		measurements,
		quantities,
		lineItems,
	]),
	controlTotals,
];

const invoice: Rule[] = [
	beginning('invoiceNumber'),
	...commercialHeader,
	lineItems,
	sectionControl,
	amounts('totals'),
	taxes('taxTotals'),
	controlTotals,
];

const messageResponse = loop('messageResponses', [
	segment('UCM', [
		field('messageReference', 1, { required: true }),
		field('messageType', 2, { component: 1, required: true }),
		field('version', 2, { component: 2 }),
		field('release', 2, { component: 3 }),
		field('agency', 2, { component: 4 }),
		field('associationCode', 2, { component: 5 }),
		field('action', 3, { required: true }),
		field('errorCode', 4),
		field('segmentTag', 5),
		field('elementPosition', 6, { component: 1, numeric: true }),
		field('componentPosition', 6, { component: 2, numeric: true }),
	]),
	loop('segmentErrors', [
		segment('UCS', [field('position', 1, { numeric: true, required: true }), field('errorCode', 2)]),
		segment(
			'UCD',
			[field('errorCode', 1, { required: true }), field('elementPosition', 2, { component: 1, numeric: true, required: true }), field('componentPosition', 2, { component: 2, numeric: true })],
			{ key: 'elementErrors', repeat: true },
		),
	]),
]);

const control: Rule[] = [
	segment(
		'UCI',
		[
			field('interchangeReference', 1, { required: true }),
			field('sender', 2, { component: 1, required: true }),
			field('senderQualifier', 2, { component: 2 }),
			field('recipient', 3, { component: 1, required: true }),
			field('recipientQualifier', 3, { component: 2 }),
			field('action', 4, { required: true }),
			field('errorCode', 5),
			field('segmentTag', 6),
			field('elementPosition', 7, { component: 1, numeric: true }),
			field('componentPosition', 7, { component: 2, numeric: true }),
		],
		{ required: true },
	),
	messageResponse,
	loop('groupResponses', [
		segment('UCF', [
			field('groupReference', 1, { required: true }),
			field('sender', 2, { component: 1 }),
			field('recipient', 3, { component: 1 }),
			field('action', 4, { required: true }),
			field('errorCode', 5),
		]),
		messageResponse,
	]),
];

export const EDIFACT_MESSAGES: Record<string, SetDescription> = {
	ORDERS: { title: 'Purchase order', rules: orderMessage('purchaseOrderNumber') },
	ORDRSP: { title: 'Purchase order response', rules: orderMessage('responseNumber') },
	DESADV: { title: 'Despatch advice', rules: despatchAdvice },
	INVOIC: { title: 'Invoice', rules: invoice },
	CONTRL: { title: 'Syntax and service report', rules: control },
};
