/**
 * A node run reads its credential once for the many calls it makes for one item (a poll that
 * downloads every waiting parcel, paging), not once per call: n8n reads and decrypts a credential
 * from its database on every read. A session ECGridOS rejects is never used again after renewal.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { ActiveTrigger, credentialsFor, inboxParameters, sendPurchaseOrder } from '../trigger/support';

let simulator: RunningSimulator;

beforeEach(async () => {
	simulator = await startSimulator({ port: 0 });
});
afterEach(async () => {
	await simulator.stop();
});

it('reads the credential once in a poll that lists and downloads five parcels', async () => {
	for (let control = 1; control <= 5; control++) await sendPurchaseOrder(simulator, String(control).padStart(9, '0'));
	const trigger = new ActiveTrigger(credentialsFor(simulator, 'globex.admin'), inboxParameters({}, { includeExisting: true }));

	const { result } = await trigger.poll();

	expect(result?.[0]).toHaveLength(5);
	expect(result?.[0].every((item) => item.binary?.data !== undefined)).toBe(true);
	expect(trigger.credentialsHelper.decryptedReads).toBe(1);
});

it('reads it again in the next poll, so a changed credential takes effect', async () => {
	await sendPurchaseOrder(simulator, '000000001');
	const trigger = new ActiveTrigger(credentialsFor(simulator, 'globex.admin'), inboxParameters({}, { includeExisting: true }));

	await trigger.poll();
	await trigger.poll();

	expect(trigger.credentialsHelper.decryptedReads).toBe(2);
});
