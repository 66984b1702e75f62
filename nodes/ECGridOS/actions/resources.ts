/**
 * The resources of the ECGridOS node, in menu order. Each lives in its own file; this list is
 * the only place that knows them all.
 */
import { callbackResource } from './callback.resource';
import { carbonCopyResource } from './carbonCopy.resource';
import { certificateResource } from './certificate.resource';
import { commResource } from './comm.resource';
import { interchangeResource } from './interchange.resource';
import { interconnectResource } from './interconnect.resource';
import { keyResource } from './key.resource';
import { mailboxResource } from './mailbox.resource';
import { migrationResource } from './migration.resource';
import { networkResource } from './network.resource';
import { parcelResource } from './parcel.resource';
import { reportResource } from './report.resource';
import { sessionResource } from './session.resource';
import { systemResource } from './system.resource';
import { tradingPartnerResource } from './tradingPartner.resource';
import type { OperationDefinition, ResourceDefinition } from './types';
import { userResource } from './user.resource';

export const RESOURCES: readonly ResourceDefinition[] = [
	systemResource,
	sessionResource,
	networkResource,
	mailboxResource,
	tradingPartnerResource,
	interconnectResource,
	parcelResource,
	interchangeResource,
	callbackResource,
	carbonCopyResource,
	certificateResource,
	commResource,
	userResource,
	keyResource,
	reportResource,
	migrationResource,
];

export function findOperation(resource: string, operation: string): OperationDefinition {
	const definition = RESOURCES.find((candidate) => candidate.value === resource)?.operations.find(
		(candidate) => candidate.value === operation,
	);
	if (!definition) throw new Error(`The ECGridOS node has no operation "${operation}" for resource "${resource}"`);
	return definition;
}
