/**
 * The rules that keep the layout docs/ARCHITECTURE.md describes, checked on the sources: each
 * program and node folder imports only what its place allows.
 */
import { importsMatching } from '../support/sources';

test('the simulator shares only the catalog with the package', () => {
	expect(
		importsMatching('simulator', (target) => target.startsWith('credentials') || (target.startsWith('nodes') && target !== 'nodes/ECGridOS/catalog')),
	).toEqual([]);
});

test('the EDI node needs nothing of ECGridOS: no transport, credential or catalog', () => {
	expect(importsMatching('nodes/Edi', (target) => target.startsWith('nodes/ECGridOS') || target.startsWith('credentials'))).toEqual([]);
});

test('only the transport speaks to ECGridOS: no node folder imports the codec or the credential directly', () => {
	const outsideTransport = (target: string) =>
		target.startsWith('nodes/ECGridOS/transport/') || target.startsWith('credentials');
	for (const folder of ['nodes/ECGridOS/actions', 'nodes/ECGridOS/trigger', 'nodes/ECGridOS/callbackTrigger', 'nodes/ECGridOS/methods', 'nodes/ECGridOS/helpers']) {
		expect({ folder, imports: importsMatching(folder, outsideTransport) }).toEqual({ folder, imports: [] });
	}
});

test('the catalog is the bottom layer: it imports no other part of the package', () => {
	expect(importsMatching('nodes/ECGridOS/catalog', (target) => !target.startsWith('nodes/ECGridOS/catalog'))).toEqual([]);
});
