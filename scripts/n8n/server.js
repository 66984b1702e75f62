// A running `n8n start`: its owner account (created from environment variables, so n8n opens on a
// login page instead of its setup form), readiness, and the few REST calls the scripts need.
'use strict';

const net = require('node:net');
const path = require('node:path');

const DEMO_OWNER = { email: 'demo@example.com', password: 'ECGridOS-demo-1', firstName: 'Demo', lastName: 'User' };

function ownerEnvironment(layout, owner = DEMO_OWNER) {
	const bcrypt = require(path.join(layout.dir, 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
	};
}

function isPortFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, () => server.close(() => resolve(true)));
	});
}

/** The wanted port, or the next free one above it; any free port when none is wanted. */
async function choosePort(wanted = 0) {
	if (wanted === 0) {
		const server = net.createServer();
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address();
		await new Promise((resolve) => server.close(resolve));
		return port;
	}
	for (let port = wanted; port < wanted + 50; port++) {
		if (await isPortFree(port)) return port;
	}
	throw new Error(`No free port between ${wanted} and ${wanted + 49}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true once n8n answers its readiness check, false if the process exits or time runs out. */
async function waitForReady(baseUrl, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) return false;
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`);
			if (response.ok) return true;
		} catch {
			// Not listening yet.
		}
		await sleep(500);
	}
	return false;
}

/** n8n's internal REST API as the editor uses it, logged in as the owner. */
class N8nRestClient {
	constructor(baseUrl, layout) {
		this.baseUrl = baseUrl;
		this.layout = layout;
		this.cookie = '';
	}

	async login(owner = DEMO_OWNER) {
		const response = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!response.ok) throw new Error(`Logging in to n8n as ${owner.email} failed (HTTP ${response.status})`);
		this.cookie = response.headers
			.getSetCookie()
			.map((value) => value.split(';')[0])
			.join('; ');
	}

	async get(urlPath) {
		const response = await fetch(`${this.baseUrl}${urlPath}`, { headers: { cookie: this.cookie } });
		if (!response.ok) throw new Error(`GET ${urlPath} failed (HTTP ${response.status})`);
		return await response.json();
	}

	/** The node types of one package, as n8n lists them to the editor. */
	async packageNodeTypes(packageName) {
		const types = await this.get('/types/nodes.json');
		return [...new Set(types.map((type) => type.name).filter((name) => name.startsWith(`${packageName}.`)))].sort();
	}

	/**
	 * Waits for a finished execution of a workflow started in a mode ('trigger' for polling
	 * triggers) and returns its run record (shaped as `n8n execute` prints it).
	 */
	async waitForExecution(workflowId, mode, timeoutMs) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const { data } = await this.get(`/rest/executions?filter=${filter}`);
			const finished = (data.results ?? []).find(
				(execution) => execution.mode === mode && ['success', 'error', 'crashed', 'canceled'].includes(execution.status),
			);
			if (finished) {
				const { data: execution } = await this.get(`/rest/executions/${finished.id}`);
				// The editor API sends the run data in n8n's "flatted" encoding (it allows cycles).
				const flatted = require(path.join(this.layout.dir, 'node_modules', 'flatted'));
				return { status: execution.status, mode: execution.mode, data: flatted.parse(execution.data) };
			}
			await sleep(1000);
		}
		throw new Error(`No ${mode} execution of workflow ${workflowId} finished within ${timeoutMs / 1000}s`);
	}
}

module.exports = { DEMO_OWNER, ownerEnvironment, choosePort, waitForReady, N8nRestClient };
