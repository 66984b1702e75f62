/**
 * Scenario 5, big inbox: the ECGridOS Trigger (New Inbox Parcel, include what is waiting, download
 * content, MAX_ITEMS_PER_POLL per poll) polled through n8n-core's PollContext over a full inbox, its
 * static data carried from poll to poll as n8n does. Ten polls of that batch size emit more parcels
 * than the cursor may remember, so the last size shows the bound, not just slow growth. The first poll is timed and its peak memory measured;
 * its raw equivalent is the same wire work: the inbox listing read as text, then a download of each
 * parcel the poll emitted.
 */
import { randomUUID } from 'node:crypto';
import { PollContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode } from 'n8n-workflow';

// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node.js';
import { ECGRIDOS_CREDENTIAL_TYPE } from '../../nodes/ECGridOS/transport';
import { HarnessNodeTypes, createAdditionalData, createCredentialsHelper, nodeTypeName } from '../../test/harness';
import { measurePeakMemory, median, timed, type MemoryGrowth } from '../lib/measure';
import { closeRawConnections, rawCall } from '../lib/rawSoap';
import { apiKeyCredential } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

export interface BigInboxInput {
	endpointUrl: string;
	apiKey: string;
	waiting: number;
	polls: number;
}

export interface BigInboxResult {
	firstPollMs: number;
	firstPollItems: number;
	firstPollMemory: MemoryGrowth;
	rawMs: number;
	/** JSON size of the node's static data after each poll. */
	staticDataBytes: number[];
	/** Parcel IDs the cursor remembers after the last poll. */
	cursorIds: number;
}

export const MAX_ITEMS_PER_POLL = 1000;

const PARAMETERS = {
	event: 'newInboxParcel',
	mailboxScope: 'own',
	downloadContent: true,
	binaryPropertyName: 'data',
	confirmDownload: false,
	options: { includeExisting: true, maxParcelsPerPoll: MAX_ITEMS_PER_POLL },
};

class PolledTrigger {
	private readonly nodeType = new ECGridOSTrigger();
	private readonly credentialsHelper = createCredentialsHelper();
	private readonly node: INode;
	staticData: IDataObject = {};

	constructor(endpointUrl: string, apiKey: string) {
		this.node = {
			id: randomUUID(),
			name: 'ECGridOS Trigger',
			type: nodeTypeName(this.nodeType.description),
			typeVersion: 1,
			position: [0, 0],
			parameters: PARAMETERS,
			credentials: {
				[ECGRIDOS_CREDENTIAL_TYPE]: this.credentialsHelper.add(ECGRIDOS_CREDENTIAL_TYPE, apiKeyCredential(endpointUrl, apiKey)),
			},
		};
	}

	/** One poll; returns the number of items emitted. The static data goes to the next poll as JSON, as n8n saves it. */
	async poll(): Promise<number> {
		const workflow = new Workflow({
			id: 'bench-inbox',
			name: 'Big inbox',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new HarnessNodeTypes([this.nodeType]),
			staticData: JSON.parse(JSON.stringify(this.staticData)) as IDataObject,
			settings: {},
		});
		const context = new PollContext(workflow, this.node, createAdditionalData(this.credentialsHelper), 'trigger', 'activate');
		const result = await this.nodeType.poll!.call(context);
		this.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		return result?.[0]?.length ?? 0;
	}
}

async function measure(input: BigInboxInput): Promise<BigInboxResult> {
	const trigger = new PolledTrigger(input.endpointUrl, input.apiKey);
	let firstPollItems = 0;
	let firstPollMs = 0;
	const { memory } = await measurePeakMemory(async () => {
		firstPollMs = await timed(async () => {
			firstPollItems = await trigger.poll();
		});
	});
	if (firstPollItems === 0) throw new Error('The first poll emitted nothing');
	const staticDataBytes = [JSON.stringify(trigger.staticData).length];
	for (let poll = 1; poll < input.polls; poll++) {
		await trigger.poll();
		staticDataBytes.push(JSON.stringify(trigger.staticData).length);
	}
	const cursor = (trigger.staticData.node as IDataObject | undefined) ?? trigger.staticData;
	const cursorIds = (JSON.stringify(cursor).match(/"\d+":/g) ?? []).length;

	const rawTimes: number[] = [];
	for (let run = 0; run < 3; run++) {
		rawTimes.push(
			await timed(async () => {
				const listing = await rawCall(input.endpointUrl, input.apiKey, 'ParcelInBox');
				const ids = [...listing.matchAll(/<ParcelID>(\d+)<\/ParcelID>/g)].map((match) => match[1]);
				if (ids.length < input.waiting) throw new Error(`The inbox lists ${ids.length} parcels, expected ${input.waiting}`);
				for (const id of ids.slice(0, firstPollItems)) {
					await rawCall(input.endpointUrl, input.apiKey, 'ParcelDownloadNoUpdate', { ParcelID: id });
				}
			}),
		);
	}
	closeRawConnections();
	return { firstPollMs, firstPollItems, firstPollMemory: memory, rawMs: median(rawTimes), staticDataBytes, cursorIds };
}

serveWorker(measure);
