/**
 * Turns transaction sets with their envelope wishes into interchanges ready for the writer: sets
 * with the same sender, receiver and interchange control number share an interchange, and within
 * it sets with the same functional ID, version and group control number share a group, in the
 * order they came. Control numbers come from the input or from the counter.
 */
import { ControlNumberCounter, setControlNumber } from '../controlNumbers';
import { groupHeader, interchangeHeader, type Party } from '../envelope';
import { elementText, type Delimiters, type Interchange, type Segment, type Standard } from '../syntax/document';
import { EdiSyntaxError } from '../syntax/issues';

export interface PlannedSet {
	standard: Standard;
	/** Segments between ST/SE (UNH/UNT), and the header. */
	header: Segment;
	body: Segment[];
	/** ST02 / UNH01 from the input, when control numbers come from it. */
	controlNumber?: string;
	delimiters: Delimiters;
	interchange: {
		sender: Party;
		receiver: Party;
		controlNumber?: string;
		version: string;
		usage: string;
		/** An ISA/UNB as read, reused (with the control number patched) so a round trip is exact. */
		header?: Segment;
	};
	group?: {
		functionalId: string;
		applicationSender: string;
		applicationReceiver: string;
		version: string;
		controlNumber?: string;
		header?: Segment;
	};
	/** Which input items went into the set (several input items may share one output file). */
	itemIndex: number;
}

export interface AssembledInterchange {
	interchange: Interchange;
	itemIndexes: number[];
}

function partyKey(party: Party): string {
	return `${party.qualifier}:${party.id}`;
}

/** Patches a header as read to carry `controlNumber`, keeping everything else as it was. */
function withControlNumber(header: Segment, standard: Standard, controlNumber: string): Segment {
	const patched = [...header] as Segment;
	if (standard === 'X12') patched[13] = controlNumber.padStart(9, '0');
	else patched[5] = controlNumber;
	return patched;
}

function withGroupControlNumber(header: Segment, standard: Standard, controlNumber: string): Segment {
	const patched = [...header] as Segment;
	patched[standard === 'X12' ? 6 : 5] = controlNumber;
	return patched;
}

export function assemble(sets: PlannedSet[], numbering: 'input' | 'counter', counter: ControlNumberCounter | undefined, now: Date): AssembledInterchange[] {
	const interchanges = new Map<string, AssembledInterchange & { groups: Map<string, Interchange['groups'][number]>; setCount: number }>();
	for (const planned of sets) {
		const { standard } = planned;
		const fromInput = numbering === 'input';
		if (fromInput && !planned.interchange.controlNumber) {
			throw new EdiSyntaxError('missingEnvelopeField', 'Control Numbers is "From Input" but the item has no interchange.controlNumber; use "From Counter" or give one');
		}
		const interchangeKey = [standard, partyKey(planned.interchange.sender), partyKey(planned.interchange.receiver), planned.interchange.version, fromInput ? planned.interchange.controlNumber : ''].join('|');
		let entry = interchanges.get(interchangeKey);
		if (!entry) {
			const controlNumber = fromInput ? planned.interchange.controlNumber! : counter!.nextInterchange(standard, planned.interchange.sender, planned.interchange.receiver);
			const header = planned.interchange.header
				? withControlNumber(planned.interchange.header, standard, controlNumber)
				: interchangeHeader({
						standard,
						sender: planned.interchange.sender,
						receiver: planned.interchange.receiver,
						controlNumber,
						version: planned.interchange.version,
						usage: planned.interchange.usage,
						now,
						component: planned.delimiters.component,
						repetition: planned.delimiters.repetition,
					});
			entry = {
				interchange: { standard, delimiters: planned.delimiters, header, groups: [], interchangeSegments: [], position: 0, issues: [] },
				itemIndexes: [],
				groups: new Map(),
				setCount: 0,
			};
			interchanges.set(interchangeKey, entry);
		}
		if (!entry.itemIndexes.includes(planned.itemIndex)) entry.itemIndexes.push(planned.itemIndex);
		// EDIFACT messages go without UNG unless the input had one; X12 always has GS.
		const wantsGroup = standard === 'X12' || planned.group?.header !== undefined;
		const group = planned.group;
		if (wantsGroup && !group) throw new EdiSyntaxError('missingEnvelopeField', 'an X12 transaction set needs a functional group (GS)');
		const groupKey = wantsGroup ? [group!.functionalId, group!.version, group!.applicationSender, group!.applicationReceiver, fromInput ? group!.controlNumber : ''].join('|') : '';
		let target = entry.groups.get(groupKey);
		if (!target) {
			let header: Segment | undefined;
			if (wantsGroup) {
				if (fromInput && !group!.controlNumber) throw new EdiSyntaxError('missingEnvelopeField', 'Control Numbers is "From Input" but the item has no group.controlNumber');
				const controlNumber = fromInput ? group!.controlNumber! : counter!.nextGroup(standard, planned.interchange.sender, planned.interchange.receiver);
				header = group!.header ? withGroupControlNumber(group!.header, standard, controlNumber) : groupHeader(standard, { ...group!, controlNumber, now });
			}
			target = { header, sets: [], position: 0, issues: [] };
			entry.groups.set(groupKey, target);
			entry.interchange.groups.push(target);
		}
		entry.setCount++;
		let controlNumber = planned.controlNumber;
		if (!fromInput || !controlNumber) {
			if (fromInput) throw new EdiSyntaxError('missingEnvelopeField', 'Control Numbers is "From Input" but the item has no transactionSet.controlNumber');
			controlNumber = setControlNumber(standard, standard === 'X12' ? target.sets.length + 1 : entry.setCount);
		}
		const header = [...planned.header] as Segment;
		header[standard === 'X12' ? 2 : 1] = controlNumber;
		const id = standard === 'X12' ? elementText(header, 1) : elementText(header, 2, 1);
		target.sets.push({ id, controlNumber, segments: [header, ...planned.body], position: 0, issues: [] });
	}
	return [...interchanges.values()].map(({ interchange, itemIndexes }) => ({ interchange, itemIndexes }));
}
