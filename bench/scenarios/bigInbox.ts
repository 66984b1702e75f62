/**
 * Scenario 5, big inbox: the ECGridOS Trigger (New Inbox Parcel, include what is waiting, download
 * content, MAX_ITEMS_PER_POLL per poll, redelivery at its defaults) polled through n8n-core's
 * PollContext over a full inbox, in one of its two listings (the pending inbox, ParcelInBox, read
 * whole at every poll; or the inbox archive read page by page), its static data carried from poll
 * to poll as n8n does. Between polls the parcels a poll emitted are confirmed with the raw client,
 * as the workflow's Parcel → Confirm would, outside any measurement. Ten polls of that batch size
 * emit more parcels than the cursor may remember, so the last size shows the bound, not just slow
 * growth. The first poll is timed and its peak memory measured; its raw equivalent is the same wire
 * work: the inbox listing read as text, then a download of each parcel the poll emitted. Before
 * each poll the size of the ParcelInBox reply (the whole SOAP response) that poll meets is taken
 * with the raw client.
 */
import { randomUUID } from 'node:crypto';
import { PollContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode } from 'n8n-workflow';

// `.node.js`, not `.node`: under tsx a bare `X.node` resolves to the codex file X.node.json first.
import { ECGridOSTrigger } from '../../nodes/ECGridOS/ECGridOSTrigger.node.js';
import { ECGRIDOS_CREDENTIAL_TYPE } from '../../nodes/ECGridOS/transport';
import { HarnessNodeTypes, createAdditionalData, createCredentialsHelper, nodeTypeName } from '../../test/harness';
import { measurePeakMemory, median, timed, type MemoryGrowth } from '../lib/measure';
import { closeRawConnections, rawCall, rawEnvelope, rawPost } from '../lib/rawSoap';
import { apiKeyCredential } from '../lib/transportContext';
import { serveWorker } from '../lib/worker';

export type InboxListing = 'pending' | 'archive';

export interface BigInboxInput {
	endpointUrl: string;
	apiKey: string;
	waiting: number;
	polls: number;
	listing: InboxListing;
}

export interface BigInboxResult {
	firstPollMs: number;
	firstPollItems: number;
	firstPollMemory: MemoryGrowth;
	rawMs: number;
	/** JSON size of the node's static data after each poll. */
	staticDataBytes: number[];
	/** Parcel IDs the cursor remembers for deduplication after the last poll. */
	cursorIds: number;
	/** Parcels out and unconfirmed in the delivery log after the last poll. */
	inFlight: number;
	/** Parcels each poll emitted. */
	emitted: number[];
	/** Bytes of the ParcelInBox reply as each poll met it (the whole inbox, still unconfirmed). */
	inboxReplyBytes: number[];
}

export const MAX_ITEMS_PER_POLL = 1000;

const parametersFor = (listing: InboxListing) => ({
	event: 'newInboxParcel',
	mailboxScope: 'own',
	downloadContent: true,
	binaryPropertyName: 'data',
	confirmDownload: false,
	options: { includeExisting: true, maxParcelsPerPoll: MAX_ITEMS_PER_POLL, inboxListing: listing },
});

class PolledTrigger {
	private readonly nodeType = new ECGridOSTrigger();
	private readonly credentialsHelper = createCredentialsHelper();
	private readonly node: INode;
	staticData: IDataObject = {};

	constructor(endpointUrl: string, apiKey: string, listing: InboxListing) {
		this.node = {
			id: randomUUID(),
			name: 'ECGridOS Trigger',
			type: nodeTypeName(this.nodeType.description),
			typeVersion: 1,
			position: [0, 0],
			parameters: parametersFor(listing),
			credentials: {
				[ECGRIDOS_CREDENTIAL_TYPE]: this.credentialsHelper.add(ECGRIDOS_CREDENTIAL_TYPE, apiKeyCredential(endpointUrl, apiKey)),
			},
		};
	}

	/** One poll; returns the ParcelIDs it emitted. The static data goes to the next poll as JSON, as n8n saves it. */
	async poll(): Promise<string[]> {
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
		return (result?.[0] ?? []).map((item) => String(item.json.ParcelID));
	}

	/** The inbox cursor in the static data. */
	cursor(): { recent?: Record<string, unknown>; deliveries?: Record<string, unknown> } {
		const nodeData = Object.values(this.staticData)[0] as IDataObject | undefined;
		return ((nodeData?.ecgridosTrigger as IDataObject | undefined)?.cursor ?? {}) as ReturnType<PolledTrigger['cursor']>;
	}
}

async function inboxReplyBytes(input: BigInboxInput): Promise<number> {
	const reply = await rawPost(input.endpointUrl, 'ParcelInBox', rawEnvelope('ParcelInBox', { SessionID: input.apiKey }));
	return Buffer.byteLength(reply.text);
}

/** What the workflow's Parcel → Confirm does with the parcels of one execution. */
async function confirm(input: BigInboxInput, parcelIds: string[]): Promise<void> {
	for (const parcelId of parcelIds) await rawCall(input.endpointUrl, input.apiKey, 'ParcelDownloadConfirm', { ParcelID: parcelId });
}

async function measure(input: BigInboxInput): Promise<BigInboxResult> {
	// The raw equivalent first, while every parcel still waits: it changes nothing in the inbox.
	const rawTimes: number[] = [];
	for (let run = 0; run < 3; run++) {
		rawTimes.push(
			await timed(async () => {
				const listing = await rawCall(input.endpointUrl, input.apiKey, 'ParcelInBox');
				const ids = [...listing.matchAll(/<ParcelID>(\d+)<\/ParcelID>/g)].map((match) => match[1]);
				if (ids.length < input.waiting) throw new Error(`The inbox lists ${ids.length} parcels, expected ${input.waiting}`);
				for (const id of ids.slice(0, MAX_ITEMS_PER_POLL)) {
					await rawCall(input.endpointUrl, input.apiKey, 'ParcelDownloadNoUpdate', { ParcelID: id });
				}
			}),
		);
	}
	const trigger = new PolledTrigger(input.endpointUrl, input.apiKey, input.listing);
	const replyBytes = [await inboxReplyBytes(input)];
	let firstPoll: string[] = [];
	let firstPollMs = 0;
	const { memory } = await measurePeakMemory(async () => {
		firstPollMs = await timed(async () => {
			firstPoll = await trigger.poll();
		});
	});
	const firstPollItems = firstPoll.length;
	if (firstPollItems === 0) throw new Error('The first poll emitted nothing');
	const staticDataBytes = [JSON.stringify(trigger.staticData).length];
	const emitted = [firstPollItems];
	await confirm(input, firstPoll);
	for (let poll = 1; poll < input.polls; poll++) {
		replyBytes.push(await inboxReplyBytes(input));
		const parcelIds = await trigger.poll();
		emitted.push(parcelIds.length);
		staticDataBytes.push(JSON.stringify(trigger.staticData).length);
		await confirm(input, parcelIds);
	}
	const cursor = trigger.cursor();
	const cursorIds = Object.keys(cursor.recent ?? {}).length;
	const inFlight = Object.keys(cursor.deliveries ?? {}).length;

	closeRawConnections();
	return {
		firstPollMs,
		firstPollItems,
		firstPollMemory: memory,
		rawMs: median(rawTimes),
		staticDataBytes,
		cursorIds,
		inFlight,
		emitted,
		inboxReplyBytes: replyBytes,
	};
}

serveWorker(measure);
