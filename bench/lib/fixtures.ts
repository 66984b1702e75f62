/** What the benchmark sends and finds: its seed, its users and EDI content of any size. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { demoSeed, type SimulatorSeed } from '../../simulator';

/** TPSearch for Qualifier ZZ and this ID matches exactly the partners the bench seed adds. */
export const SEARCH_QUALIFIER = 'ZZ';
export const SEARCH_ID = 'BENCHPARTNER';
export const SEARCH_MATCHES = 100;
const FIRST_BENCH_ECGRIDID = 900001;

/** The ECGridID of the n-th added partner (0-based), for TPInfo. */
export const benchPartnerId = (index: number) => FIRST_BENCH_ECGRIDID + (index % SEARCH_MATCHES);

/** Writes the demo seed plus SEARCH_MATCHES partners to a temporary file and returns its path. */
export function writeBenchSeed(): string {
	const seed: SimulatorSeed = structuredClone(demoSeed);
	for (let index = 0; index < SEARCH_MATCHES; index++) {
		const number = String(index + 1).padStart(3, '0');
		seed.tradingPartners.push({
			ecgridId: benchPartnerId(index),
			networkId: 1,
			mailboxId: 1002,
			qualifier: SEARCH_QUALIFIER,
			id: `${SEARCH_ID}${number}`,
			description: `Benchmark partner ${number}`,
		});
	}
	const file = join(mkdtempSync(join(tmpdir(), 'ecgridos-bench-')), 'seed.json');
	writeFileSync(file, JSON.stringify(seed));
	return file;
}

/**
 * The size of the transfer each big-parcel process makes once before it is measured, so that what a
 * process pays once whatever the file (compiling the code path, n8n's and the package's lazy set-up)
 * is not charged to the file's size, on either side. Small, so the heap it leaves has no room for
 * the file.
 */
export const WARM_UP_BYTES = 64 * 1024;

export interface BenchUser {
	loginName: string;
	password: string;
	apiKey: string;
}

export function seedUser(loginName: string): BenchUser {
	const user = demoSeed.users.find((candidate) => candidate.loginName === loginName);
	if (!user) throw new Error(`The demo seed has no user ${loginName}`);
	return { loginName: user.loginName, password: user.password, apiKey: user.apiKey };
}

/** How the trigger lists a mailbox's inbox by default, and so how scenario 5's peers list it. */
export const INBOX_LISTING_OPERATION = 'ParcelInBox';

/** Network admin of the demo network: reaches every partner the bench adds. */
export const NETWORK_ADMIN = 'demovan.admin';
/** Sender and receiver of parcels: Acme sends to Globex (routed by the ISA receiver ID). */
export const SENDER = 'acme.admin';
export const RECEIVER = 'globex.admin';

const SEGMENT = Buffer.from('N9*ZZ*BENCHMARK-REFERENCE-0000000000*PADDING TO REACH THE REQUESTED PARCEL SIZE~\n', 'latin1');
const LAST_SEGMENT_START = 'N9*ZZ*';

/**
 * An X12 850 from Acme to Globex of exactly `bytes` bytes (at least a few hundred): one interchange
 * whose transaction set is padded with reference segments, so that the simulator routes it whole.
 */
export function purchaseOrderOfSize(bytes: number, control = '000000001'): Buffer {
	const head = [
		`ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*GLOBEXSUPPLY   *241128*0930*U*00401*${control}*0*T*>~`,
		`GS*PO*ACMERETAIL*GLOBEXSUPPLY*20241128*0930*${Number(control)}*X*004010~`,
		'ST*850*0001~',
		`BEG*00*SA*PO-${control}**20241128~`,
		'',
	].join('\n');
	const tail = ['SE*3*0001~', `GE*1*${Number(control)}~`, `IEA*1*${control}~`].join('\n');
	const content = Buffer.alloc(bytes);
	let offset = content.write(head, 0, 'latin1');
	const paddingEnd = bytes - tail.length;
	while (paddingEnd - offset >= 2 * SEGMENT.length) offset += SEGMENT.copy(content, offset);
	// The last padding segment takes whatever length is left, so the interchange ends exactly at `bytes`.
	const lastLength = paddingEnd - offset;
	if (lastLength < LAST_SEGMENT_START.length + 3) throw new Error(`A purchase order cannot be as small as ${bytes} bytes`);
	offset += content.write(LAST_SEGMENT_START, offset, 'latin1');
	content.fill('X', offset, paddingEnd - 2);
	content.write('~\n', paddingEnd - 2, 'latin1');
	content.write(tail, paddingEnd, 'latin1');
	return content;
}
