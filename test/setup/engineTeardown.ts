import { Container } from '@n8n/di';
// Not part of n8n-core's public exports; n8n itself stops it through its shutdown hooks.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

// n8n-core's SSH client manager (created by every node execution context) runs a cleanup
// interval for the life of the process. n8n stops it on shutdown; a test file has to as well, or
// the Jest worker never exits.
afterAll(() => {
	if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
});
