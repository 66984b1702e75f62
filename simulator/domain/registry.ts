/** Every catalog operation → its handler. A test checks that all 221 are here. */
import type { HandlerTable } from './call';
import { callbackHandlers } from './callbacks';
import { carbonCopyHandlers } from './carbonCopies';
import { commHandlers } from './comms';
import { interchangeHandlers } from './interchanges';
import { interconnectHandlers } from './interconnects';
import { keyHandlers } from './keys';
import { migrationHandlers } from './migrations';
import { mailboxHandlers, networkHandlers } from './networks';
import { parcelHandlers } from './parcels';
import { reportHandlers } from './reports';
import { sessionHandlers } from './sessions';
import { systemHandlers } from './system';
import { tradingPartnerHandlers } from './tradingPartners';
import { userHandlers } from './users';

export const handlers: HandlerTable = {
	...systemHandlers,
	...sessionHandlers,
	...userHandlers,
	...networkHandlers,
	...mailboxHandlers,
	...tradingPartnerHandlers,
	...interconnectHandlers,
	...carbonCopyHandlers,
	...commHandlers,
	...keyHandlers,
	...migrationHandlers,
	...parcelHandlers,
	...interchangeHandlers,
	...callbackHandlers,
	...reportHandlers,
};
