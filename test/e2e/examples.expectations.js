// What each example workflow must produce when `npm run test:e2e` runs it in real n8n against the
// simulator's demo seed. Examples run in file-name order and share one simulator, so a later
// example sees what an earlier one did (the 850 Acme sends is the one Globex receives).
'use strict';

const assert = require('node:assert/strict');
const { nodeOutput } = require('../../scripts/n8n/cli');

/** The items a node output, failing with the node's name when it did not run or failed. */
function outputOf(run, nodeName) {
	const items = nodeOutput(run, nodeName);
	assert.ok(items, `node "${nodeName}" did not run or failed`);
	return items;
}

function single(run, nodeName) {
	const items = outputOf(run, nodeName);
	assert.equal(items.length, 1, `node "${nodeName}" returned ${items.length} items, expected 1: ${JSON.stringify(items).slice(0, 500)}`);
	return items[0];
}

module.exports = {
	'1-send-x12-850.json'(run) {
		const upload = single(run, 'Upload to ECGrid');
		assert.ok(Number(upload.parcelId) > 0, `the upload returned no parcel ID: ${JSON.stringify(upload)}`);
		const parcel = single(run, 'Check delivery');
		assert.equal(Number(parcel.ParcelID), Number(upload.parcelId), 'the parcel read back is not the one uploaded');
		assert.equal(parcel.FileName, 'PO-4500012345.x12');
		assert.equal(parcel.MailboxNameTo, 'Globex Supply', `the 850 was not routed to Globex: ${JSON.stringify(parcel)}`);
		assert.equal(parcel.StatusCode, 'OutBoxRouted');
	},

	'2-receive-edi.json'(run) {
		const waiting = single(run, 'Parcels waiting');
		assert.equal(waiting.MailboxNameFrom, 'Acme Retail', `the parcel waiting is not Acme's 850: ${JSON.stringify(waiting)}`);
		assert.equal(waiting.StatusCode, 'InBoxReady');
		const summary = single(run, 'EDI summary');
		assert.deepEqual(summary, {
			parcelId: waiting.ParcelID,
			fileName: 'PO-4500012345.x12',
			standard: 'X12',
			from: 'ZZ:ACMERETAIL',
			to: 'ZZ:GLOBEXSUPPLY',
			documents: '850',
		});
		assert.deepEqual(single(run, 'Confirm receipt'), { ParcelID: waiting.ParcelID, confirmed: true });
	},

	'3-onboard-trading-partner.json'(run) {
		const partner = single(run, 'Find the partner on ECGrid');
		assert.equal(partner.ECGridID, 100021, `ZZ:INITECH was not found: ${JSON.stringify(partner)}`);
		assert.equal(partner.NetworkName, 'Partner VAN');
		const ours = single(run, 'Find our ID');
		assert.equal(ours.ECGridID, 100001);
		const requested = single(run, 'Request interconnect');
		assert.ok(requested.InterconnectID > 0, `no interconnect was created: ${JSON.stringify(requested).slice(0, 300)}`);
		const status = single(run, 'Interconnect status');
		assert.equal(status.InterconnectID, requested.InterconnectID);
		assert.equal(status.Status, 'Pending');
		assert.deepEqual([status.TP1?.ECGridID, status.TP2?.ECGridID], [100001, 100021]);
	},

	'4-daily-traffic-report.json'(run) {
		const traffic = outputOf(run, 'Traffic, last 24 hours');
		assert.equal(traffic.length, 24, 'expected one traffic record per hour');
		const report = single(run, 'Report');
		assert.equal(report.mailbox, 'Acme Retail');
		// Acme sent the 850 of the first example within the last hour.
		assert.ok(report.interchangesLast24Hours >= 1, `the 850 sent earlier is missing from the traffic: ${JSON.stringify(report)}`);
		assert.ok(report.bytesLast24Hours > 0);
		assert.equal(report.sendErrors, 0);
		assert.match(report.text, /^ECGrid daily report for Acme Retail \(\d{4}-\d{2}-\d{2}\): \d+ interchanges/);
	},

	'5-ai-agent-edi-assistant.json'(run, { llm }) {
		const answer = single(run, 'EDI assistant');
		// The scripted model repeats the tool's result, which only the simulator could have produced.
		assert.match(answer.output, /Partner VAN/, `the agent's answer does not carry the tool result: ${answer.output}`);
		assert.match(answer.output, /Initech Logistics/);
		const [first] = llm.requests;
		const offered = (first?.tools ?? []).map((tool) => tool.function.name).sort();
		assert.deepEqual(offered, ['Look_up_trading_partner', 'Parcel_details', 'Parcels_waiting_in_the_inbox']);
		const lookUp = first.tools.find((tool) => tool.function.name === 'Look_up_trading_partner');
		assert.deepEqual(Object.keys(lookUp.function.parameters.properties ?? {}).sort(), ['id', 'qualifier']);
		assert.equal(llm.requests.length, 2, 'expected one tool call and one answer');
	},

	'6-instant-edi-callback-trigger.json'(run) {
		// The manual path: Globex sends Acme a test interchange (what the published trigger would receive).
		const sent = single(run, 'Globex sends a test interchange');
		assert.ok(Number(sent.parcelId) > 0, `the test parcel was not sent: ${JSON.stringify(sent)}`);
	},

	'7-edi-purchase-order-reply.json'(run) {
		const sent = single(run, 'Acme sends it');
		assert.ok(Number(sent.parcelId) > 0, `Acme's sample 850 was not uploaded: ${JSON.stringify(sent)}`);
		const download = single(run, 'Download');
		const order = single(run, 'Parse the 850');
		assert.equal(order.transactionSet?.id, '850');
		assert.equal(order.readable?.purchaseOrderNumber, '4500077001');
		assert.deepEqual(
			order.readable.lineItems.map((line) => [line.lineNumber, line.quantity, line.unit, line.unitPrice, line.productIds[0].id]),
			[
				['1', 24, 'EA', 12.5, 'WIDGET-100'],
				['2', 10, 'EA', 7.25, 'GADGET-200'],
			],
		);
		const acknowledgment = single(run, 'Build the 997');
		assert.equal(acknowledgment.accepted, true, `the 997 does not accept the 850: ${JSON.stringify(acknowledgment)}`);
		assert.deepEqual(
			acknowledgment.groups.map((group) => [group.type, group.functionalId, group.controlNumber, group.status, group.sets.map((set) => `${set.id}:${set.status}`)]),
			[['997', 'PO', '7001', 'A', ['850:A']]],
		);
		assert.deepEqual(acknowledgment.acknowledges.sender, { qualifier: 'ZZ', id: 'ACMERETAIL' });
		const reply = single(run, 'Build the 855');
		assert.equal(reply.fileName, '855-4500077001.x12');
		assert.deepEqual(
			reply.interchanges.map((interchange) => interchange.groups.map((group) => [group.functionalId, group.transactionSets.map((set) => `${set.id}:${set.segmentCount}`)])),
			[[['PR', ['855:8']]]],
		);
		// One counter for the workflow: the 997 and the 855 to Acme carry different interchange numbers.
		assert.notEqual(acknowledgment.interchanges[0].controlNumber, reply.interchanges[0].controlNumber);
		assert.ok(Number(single(run, 'Upload the 997').parcelId) > 0, 'the 997 was not uploaded');
		assert.ok(Number(single(run, 'Upload the 855').parcelId) > 0, 'the 855 was not uploaded');
		assert.deepEqual(single(run, 'Confirm the 850'), { ParcelID: download.ParcelID, confirmed: true });
	},
};

/** What the scripted chat model does for the AI-agent example: look up ZZ:INITECH, then answer. */
module.exports.scriptedLlm = {
	tool: /^Look_up_trading_partner$/,
	arguments: { qualifier: 'ZZ', id: 'INITECH' },
	answerPrefix: 'Here is what ECGrid has on ZZ:INITECH:',
};

/**
 * Examples whose own trigger is exercised too: after the examples listed in `before` ran again
 * (to give the trigger something to find), the workflow is published and n8n started; the
 * first execution the trigger starts must pass `check`.
 */
module.exports.whenActive = {
	'2-receive-edi.json': {
		before: ['1-send-x12-850.json'],
		check(run) {
			const [arrived] = outputOf(run, 'When EDI arrives');
			assert.equal(arrived.MailboxNameFrom, 'Acme Retail', `the trigger did not emit Acme's 850: ${JSON.stringify(arrived)}`);
			const [binaryItem] = run.data.resultData.runData['When EDI arrives'][0].data.main[0];
			assert.ok(binaryItem.binary?.data, 'the trigger did not attach the parcel content as binary "data"');
			const summary = single(run, 'EDI summary');
			assert.equal(summary.from, 'ZZ:ACMERETAIL');
			assert.equal(summary.documents, '850');
			assert.deepEqual(single(run, 'Confirm receipt'), { ParcelID: summary.parcelId, confirmed: true });
		},
	},
};

/**
 * The Callback Trigger example run the way it runs in production (scripts/e2e/callback-trigger.js):
 * published in a running n8n, called by the simulator when Globex's invoice reaches Acme's inbox.
 * `check` receives the execution the call started.
 */
module.exports.callbackTrigger = {
	file: '6-instant-edi-callback-trigger.json',
	triggerNode: 'When EDI arrives (instant)',
	check(run) {
		const [arrived] = outputOf(run, 'When EDI arrives (instant)');
		assert.equal(arrived.MailboxNameFrom, 'Globex Supply', `the trigger did not emit Globex's invoice: ${JSON.stringify(arrived)}`);
		assert.equal(arrived.FileName, 'INV-callback.x12');
		assert.equal(arrived.ecgridCallback?.event, 'newInboxParcel');
		assert.equal(arrived.ecgridCallback?.test, false);
		const [binaryItem] = run.data.resultData.runData['When EDI arrives (instant)'][0].data.main[0];
		assert.equal(binaryItem.binary?.data?.mimeType, 'application/edi-x12', 'the trigger did not attach the parcel content as binary "data"');
		const summary = single(run, 'EDI summary');
		assert.equal(summary.from, 'ZZ:GLOBEXSUPPLY');
		assert.equal(summary.to, 'ZZ:ACMERETAIL');
		assert.equal(summary.documents, '810');
		assert.deepEqual(single(run, 'Confirm receipt'), { ParcelID: summary.parcelId, confirmed: true });
	},
};
