// The ECGridOS Callback Trigger in a running n8n (`n8n start`), against the simulator, whose
// callbacks are real HTTP POSTs: the published example workflow registers its webhook URL with the
// simulator; a parcel uploaded to Acme's mailbox makes the simulator call n8n, and n8n runs the
// workflow, which downloads the parcel; wrong credentials get 401 and start nothing; a restart of
// n8n keeps the one callback; deactivation leaves it Terminated; activating again registers one.
//
// n8n listens on loopback here, so it is started with ECGRIDOS_ALLOW_PRIVATE_CALLBACK_URL=true (the
// documented opt-in for local testing) and N8N_WEBHOOK_URL (n8n 2.x's WEBHOOK_URL) set to its own
// address. Publishing and unpublishing go through n8n's publication outbox, so the checks wait for
// the simulator to show their effect.
'use strict';

const assert = require('node:assert/strict');
const { N8nRestClient, choosePort, ownerEnvironment, waitForReady } = require('../n8n/server');
const { lastLines } = require('../n8n/cli');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function xmlEscape(text) {
	return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One ECGridOS call over plain SOAP (independent of the package), returning the result element's XML. */
async function soapCall(simulator, apiKey, operation, values) {
	const body = Object.entries({ SessionID: apiKey, ...values })
		.map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
		.join('');
	const response = await fetch(simulator.endpointUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"https://os.ecgrid.io/${operation}"` },
		body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><${operation} xmlns="https://os.ecgrid.io/">${body}</${operation}></soap:Body></soap:Envelope>`,
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`${operation} failed with HTTP ${response.status}: ${text.slice(0, 400)}`);
	return new RegExp(`<${operation}Result>([\\s\\S]*)</${operation}Result>`).exec(text)?.[1] ?? '';
}

function field(xml, name) {
	return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** The callbacks of Acme's mailbox (CallBackEventListEx) as { id, url, status }. */
async function acmeCallbacks(simulator, showInactive) {
	const apiKey = simulator.seed.users.find((user) => user.loginName === 'acme.admin').apiKey;
	const xml = await soapCall(simulator, apiKey, 'CallBackEventListEx', { NetworkID: 0, MailboxID: 0, ShowInactive: showInactive });
	return [...xml.matchAll(/<CallBackEventIDInfo>([\s\S]*?)<\/CallBackEventIDInfo>/g)].map(([, entry]) => ({
		id: field(entry, 'CallBackEventID'),
		url: field(entry, 'URL'),
		status: field(entry, 'Status'),
	}));
}

function x12(control) {
	const number = String(control).padStart(9, '0');
	const pad = (text, width) => text.padEnd(width, ' ');
	return [
		`ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad('GLOBEXSUPPLY', 15)}*ZZ*${pad('ACMERETAIL', 15)}*240501*1200*U*00401*${number}*0*P*>`,
		`GS*IN*GLOBEXSUPPLY*ACMERETAIL*20240501*1200*${control}*X*004010`,
		`ST*810*0001`,
		`BIG*20240501*INV-${control}`,
		`SE*3*0001`,
		`GE*1*${control}`,
		`IEA*1*${number}`,
		'',
	].join('~');
}

async function waitUntil(what, condition, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await condition();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
		await sleep(500);
	}
}

/** What n8n logged about the package, webhooks and errors: the lines that explain a failed check. */
function relevantLines(log) {
	const lines = log.split('\n').filter((line) => /ECGridOS|webhook|Could not|error/i.test(line) && !/api\.n8n\.io|Strapi|mcp-registry|McpRegistry/i.test(line));
	return lines.slice(-15).join('\n');
}

/** A running `n8n start` with the callback opt-in, its REST client and its log. */
async function startN8n(n8n, layout, port, brokerPort) {
	const server = n8n.startServer({
		stdio: ['ignore', 'pipe', 'pipe'],
		extraEnvironment: {
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			ECGRIDOS_ALLOW_PRIVATE_CALLBACK_URL: 'true',
			...ownerEnvironment(layout),
		},
	});
	const running = { server, log: '', exited: new Promise((resolve) => server.once('exit', resolve)) };
	for (const stream of [server.stdout, server.stderr]) stream.setEncoding('utf8').on('data', (chunk) => (running.log += chunk));
	const baseUrl = `http://127.0.0.1:${port}`;
	if (!(await waitForReady(baseUrl, server, 180000))) {
		await stopN8n(running);
		throw new Error(`n8n did not start:\n${lastLines(running.log, 25)}`);
	}
	running.rest = new N8nRestClient(baseUrl, layout);
	await running.rest.login();
	return running;
}

async function stopN8n(running) {
	if (running.server.exitCode === null) running.server.kill('SIGINT');
	const killer = setTimeout(() => running.server.kill('SIGKILL'), 20000);
	await running.exited;
	clearTimeout(killer);
}

async function restPost(rest, urlPath, body) {
	const response = await fetch(`${rest.baseUrl}${urlPath}`, {
		method: 'POST',
		headers: { cookie: rest.cookie, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`POST ${urlPath} failed (HTTP ${response.status}): ${(await response.text()).slice(0, 400)}`);
	return await response.json();
}

async function webhookExecutions(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { data } = await rest.get(`/rest/executions?filter=${filter}`);
	return (data.results ?? []).filter((execution) => execution.mode === 'webhook');
}

/**
 * Runs the checks, each through `check(name, body)` (run.js's reporter). `expectations` holds the
 * example's trigger node name and the check of the execution a callback starts.
 */
async function checkCallbackTrigger({ n8n, layout, simulator, workflow, expectations, check }) {
	const port = await choosePort();
	const brokerPort = await choosePort();
	const triggerNode = workflow.nodes.find((node) => node.name === expectations.triggerNode);
	const webhookPrefix = `http://127.0.0.1:${port}/webhook/${triggerNode.webhookId}/`;
	const ours = (callbacks) => callbacks.filter((callback) => callback.url?.startsWith(webhookPrefix));
	const globexKey = simulator.seed.users.find((user) => user.loginName === 'globex.admin').apiKey;

	let running;
	const withLog = async (body) => {
		try {
			await body();
		} catch (error) {
			if (running) error.message += `\n${relevantLines(running.log)}`;
			throw error;
		}
	};
	let registered;
	try {
		await check(`${expectations.file}: publishing registers one callback with the simulator`, async () => {
			await n8n.runCommandOrFail(['publish:workflow', `--id=${workflow.id}`]);
			running = await startN8n(n8n, layout, port, brokerPort);
			await withLog(async () => {
				const active = await waitUntil('the callback is registered', async () => {
					const found = ours(await acmeCallbacks(simulator, false));
					return found.length > 0 ? found : undefined;
				});
				assert.equal(active.length, 1, `expected one active callback, found ${JSON.stringify(active)}`);
				registered = active[0];
			});
		});
		// Without a registered callback the other checks would only repeat that failure.
		if (!registered) return;

		await check(`${expectations.file}: a parcel uploaded to the mailbox makes the simulator POST; n8n runs the workflow and downloads it`, () =>
			withLog(async () => {
				const content = Buffer.from(x12(Date.now() % 1000000000));
				await soapCall(simulator, globexKey, 'ParcelUploadA', { FileName: 'INV-callback.x12', ContentBase64: content.toString('base64') });
				const record = await running.rest.waitForExecution(workflow.id, 'webhook', 120000);
				assert.equal(record.status, 'success', `the execution ended "${record.status}": ${record.data.resultData.error?.message ?? ''}`);
				await expectations.check(record, { content });
			}),
		);

		await check(`${expectations.file}: wrong or missing credentials get 401 and start nothing`, () =>
			withLog(async () => {
				const before = (await webhookExecutions(running.rest, workflow.id)).length;
				for (const authorization of [`Basic ${Buffer.from('intruder:guess').toString('base64')}`, undefined]) {
					const response = await fetch(registered.url, {
						method: 'POST',
						headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
						body: 'ObjectID=1&CallBackQueueID=1',
					});
					assert.equal(response.status, 401, `a call with ${authorization ? 'wrong' : 'no'} credentials got HTTP ${response.status}`);
				}
				await sleep(3000);
				assert.equal((await webhookExecutions(running.rest, workflow.id)).length, before, 'a call with wrong credentials started an execution');
			}),
		);

		await check(`${expectations.file}: a restart of n8n keeps the one callback (checkExists)`, async () => {
			await stopN8n(running);
			running = undefined;
			running = await startN8n(n8n, layout, port, brokerPort);
			await withLog(async () => {
				const active = ours(await acmeCallbacks(simulator, false));
				assert.deepEqual(active.map((callback) => callback.id), [registered.id], `after the restart: ${JSON.stringify(active)}`);
			});
		});

		await check(`${expectations.file}: deactivating leaves the callback Terminated; activating again registers exactly one`, () =>
			withLog(async () => {
				await restPost(running.rest, `/rest/workflows/${workflow.id}/deactivate`, {});
				await waitUntil('the callback is Terminated', async () => {
					const all = ours(await acmeCallbacks(simulator, true));
					return all.find((callback) => callback.id === registered.id)?.status === 'Terminated';
				});
				assert.deepEqual(ours(await acmeCallbacks(simulator, false)), [], 'a callback is still active after deactivation');
				const { data: current } = await running.rest.get(`/rest/workflows/${workflow.id}`);
				await restPost(running.rest, `/rest/workflows/${workflow.id}/activate`, { versionId: current.versionId });
				const active = await waitUntil('a callback is registered again', async () => {
					const found = ours(await acmeCallbacks(simulator, false));
					return found.length > 0 ? found : undefined;
				});
				// Give a second registration, if there were one, time to show.
				await sleep(3000);
				const settled = ours(await acmeCallbacks(simulator, false));
				assert.equal(settled.length, 1, `after activating again: ${JSON.stringify(settled)}`);
				assert.equal(settled[0].id, active[0].id);
				assert.notEqual(active[0].id, registered.id);
			}),
		);
	} finally {
		if (running) await stopN8n(running);
	}
}

module.exports = { checkCallbackTrigger };
