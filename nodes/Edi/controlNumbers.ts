/**
 * The control-number counter behind Build and Acknowledge: the last interchange and group numbers
 * issued, per standard and sender→receiver pair, in the workflow's global static data, so that all
 * EDI nodes of a workflow (an 855 and a 997 to the same partner) draw from one sequence; n8n saves
 * it with the workflow after every execution not started from the editor. Numbers only go up; a
 * pair's counter starts at 1, or at a floor the user sets (to continue from numbers used elsewhere).
 *
 * What n8n guarantees, and so what this guarantees (the README says it for users):
 * - Executions of one workflow that do not overlap never reuse a number.
 * - Executions from the editor ('manual' mode) read the counter but n8n does not save static data
 *   after them: such a run issues the same numbers as the next real run will. Use test usage
 *   (ISA15 T) or control numbers from the input when trying a workflow by hand.
 * - Executions that overlap each read the counter when they start and save it when they end, so
 *   two of them can issue the same numbers. n8n offers no lock on static data.
 * - Two workflows sending to the same partner each have their own counter.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Standard } from './syntax/document';
import type { Party } from './envelope';

interface PairCounter extends IDataObject {
	interchange: number;
	group: number;
}

const STATE_KEY = 'ediControlNumbers';
/** X12 ISA13 has 9 digits; after 999,999,999 numbering starts again at 1. */
const X12_LIMIT = 999_999_999;
/** EDIFACT UNB05 allows 14 characters; the counter keeps to 9 digits like X12 so both look alike. */
const EDIFACT_LIMIT = 999_999_999;

export class ControlNumberCounter {
	/** The counter of the workflow `context` runs in, issuing nothing below `floor`. */
	static ofWorkflow(context: IExecuteFunctions, floor: number): ControlNumberCounter {
		return new ControlNumberCounter(context.getWorkflowStaticData('global'), floor);
	}

	constructor(
		private readonly staticData: IDataObject,
		private readonly floor = 0,
	) {}

	private pair(standard: Standard, sender: Party, receiver: Party): PairCounter {
		const counters = (this.staticData[STATE_KEY] ??= {}) as IDataObject;
		const key = `${standard}:${sender.qualifier}:${sender.id}>${receiver.qualifier}:${receiver.id}`;
		const existing = counters[key] as PairCounter | undefined;
		const counter: PairCounter = existing ?? { interchange: 0, group: 0 };
		counters[key] = counter;
		return counter;
	}

	private next(current: number, limit: number): number {
		const base = Math.max(current, this.floor - 1);
		return base >= limit ? 1 : base + 1;
	}

	nextInterchange(standard: Standard, sender: Party, receiver: Party): string {
		const counter = this.pair(standard, sender, receiver);
		counter.interchange = this.next(counter.interchange, standard === 'X12' ? X12_LIMIT : EDIFACT_LIMIT);
		return standard === 'X12' ? String(counter.interchange).padStart(9, '0') : String(counter.interchange);
	}

	nextGroup(standard: Standard, sender: Party, receiver: Party): string {
		const counter = this.pair(standard, sender, receiver);
		counter.group = this.next(counter.group, X12_LIMIT);
		return String(counter.group);
	}
}

/** ST02 / UNH01 of the n-th set (1-based) in a group or interchange the node numbers itself. */
export function setControlNumber(standard: Standard, index: number): string {
	return standard === 'X12' ? String(index).padStart(4, '0') : String(index);
}
