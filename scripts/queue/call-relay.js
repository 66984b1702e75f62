// A loopback HTTP relay between the n8n processes and the simulator that records which process made
// each ECGridOS call. The credentials point at the relay; it forwards every request unchanged.
//
// Which process sent a request is read from the kernel, not from anything the request says: the
// relay looks up the client end of each accepted TCP connection in /proc/net/tcp and finds the
// process holding that socket among the n8n processes it was given. So a Login counted for a
// worker was made by that worker, whatever the package or n8n put in the request.
//
// The relay can also hold calls back (all of them while the simulator restarts, or one process's
// to order what two processes do) and point at another simulator, so a restart costs the n8n
// processes nothing but their sessions.
'use strict';

const fs = require('node:fs');
const http = require('node:http');

/** `socket:[inode]` of the TCP socket whose local end is 127.0.0.1:localPort, connected to remotePort. */
function socketInode(localPort, remotePort) {
	const hex = (port) => port.toString(16).toUpperCase().padStart(4, '0');
	const local = `0100007F:${hex(localPort)}`;
	const remote = `0100007F:${hex(remotePort)}`;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text;
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			// tcp6 shows IPv4 peers as ::ffff:127.0.0.1, which ends in the same eight hex digits.
			if (fields.length > 9 && fields[1].endsWith(local) && fields[2].endsWith(remote)) return `socket:[${fields[9]}]`;
		}
	}
	return undefined;
}

/** The label of the process (among `processes`: { label, pid }) that holds `inode` open. */
function processHolding(inode, processes) {
	for (const { label, pid } of processes) {
		let descriptors;
		try {
			descriptors = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const descriptor of descriptors) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${descriptor}`) === inode) return label;
			} catch {
				// Closed while we looked.
			}
		}
	}
	return 'unknown';
}

/** The operation name from a SOAPAction header ("https://…/ECGridOS/WhoAmI" → WhoAmI). */
function operationOf(soapAction = '') {
	return soapAction.replace(/"/g, '').split('/').pop() || 'unknown';
}

class CallRelay {
	/**
	 * @param {() => Array<{label: string, pid: number}>} processes the n8n processes, as they are now
	 * @param {string} targetUrl the simulator's endpoint
	 */
	constructor(processes, targetUrl) {
		this.processes = processes;
		this.target = new URL(targetUrl);
		this.agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
		/** Every forwarded call: { process, operation, status, fault, parcelId, at }. */
		this.calls = [];
		this.heldLabels = new Set();
		this.holdAll = false;
		this.waiting = [];
		this.inFlight = 0;
		this.drained = [];
		this.server = http.createServer((request, response) => this.relay(request, response));
		this.server.keepAliveTimeout = 60000;
	}

	async listen() {
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.url = `http://127.0.0.1:${this.port}${this.target.pathname}`;
		return this.url;
	}

	callerOf(socket) {
		socket.ecgridosCaller ??= processHolding(socketInode(socket.remotePort, this.port) ?? 'none', this.processes());
		return socket.ecgridosCaller;
	}

	isHeld(label) {
		return this.holdAll || this.heldLabels.has(label);
	}

	async relay(request, response) {
		const caller = this.callerOf(request.socket);
		const chunks = [];
		for await (const chunk of request) chunks.push(chunk);
		const body = Buffer.concat(chunks);
		while (this.isHeld(caller)) {
			const verdict = await new Promise((resolve) => this.waiting.push({ caller, resolve }));
			if (verdict === 'drop') {
				this.calls.push({ process: caller, operation: operationOf(request.headers.soapaction), status: 0, fault: 'dropped', at: Date.now() });
				request.socket.destroy();
				return;
			}
		}
		this.inFlight++;
		const call = {
			process: caller,
			operation: operationOf(request.headers.soapaction),
			parcelId: Number(/<ParcelID>(\d+)<\/ParcelID>/.exec(body.subarray(0, 4096).toString('utf8'))?.[1]) || undefined,
			status: 0,
			fault: undefined,
			at: Date.now(),
		};
		try {
			const reply = await this.forward(request, body);
			call.status = reply.status;
			if (reply.status >= 400) call.fault = /<ErrorString>([^<]*)<\/ErrorString>/.exec(reply.body.toString('utf8'))?.[1] ?? `HTTP ${reply.status}`;
			response.writeHead(reply.status, reply.headers);
			response.end(reply.body);
		} catch (error) {
			call.fault = `relay: ${error.message}`;
			response.writeHead(502, { 'content-type': 'text/plain' });
			response.end(`The test relay could not reach the simulator: ${error.message}`);
		} finally {
			this.calls.push(call);
			this.inFlight--;
			if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
		}
	}

	forward(request, body) {
		const headers = { ...request.headers, host: this.target.host, 'content-length': String(body.length) };
		delete headers.connection;
		return new Promise((resolve, reject) => {
			const outgoing = http.request(
				{ agent: this.agent, host: this.target.hostname, port: this.target.port, path: request.url, method: request.method, headers },
				(incoming) => {
					const chunks = [];
					incoming.on('data', (chunk) => chunks.push(chunk));
					incoming.on('end', () => {
						const replyHeaders = { ...incoming.headers };
						delete replyHeaders.connection;
						delete replyHeaders['keep-alive'];
						delete replyHeaders['transfer-encoding'];
						replyHeaders['content-length'] = String(Buffer.concat(chunks).length);
						resolve({ status: incoming.statusCode ?? 502, headers: replyHeaders, body: Buffer.concat(chunks) });
					});
					incoming.on('error', reject);
				},
			);
			outgoing.on('error', reject);
			outgoing.end(body);
		});
	}

	wake() {
		const waiting = this.waiting.splice(0);
		for (const { resolve } of waiting) resolve();
	}

	/** Holds every new call until resume(); resolves once the calls already forwarded have answered. */
	async pause() {
		this.holdAll = true;
		if (this.inFlight > 0) await new Promise((resolve) => this.drained.push(resolve));
	}

	resume() {
		this.holdAll = false;
		this.wake();
	}

	/** Holds the calls of one process until release(label). */
	hold(label) {
		this.heldLabels.add(label);
	}

	release(label) {
		this.heldLabels.delete(label);
		this.wake();
	}

	/**
	 * Stops holding a process that was killed: its held calls are never forwarded (a dead process
	 * cannot have made them reach ECGrid), their connections are closed.
	 */
	drop(label) {
		this.heldLabels.delete(label);
		const kept = [];
		for (const entry of this.waiting) {
			if (entry.caller === label) entry.resolve('drop');
			else kept.push(entry);
		}
		this.waiting = kept;
	}

	/** How many calls of `label` are being held right now. */
	heldCount(label) {
		return this.waiting.filter((entry) => entry.caller === label).length;
	}

	/** Sends later calls to another simulator endpoint (same path). */
	retarget(targetUrl) {
		this.target = new URL(targetUrl);
		this.agent.destroy();
		this.agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	}

	/** Calls recorded from index `since` on (see mark()). */
	callsSince(since) {
		return this.calls.slice(since);
	}

	mark() {
		return this.calls.length;
	}

	async close() {
		this.holdAll = false;
		this.heldLabels.clear();
		this.wake();
		this.agent.destroy();
		await new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}

/** Counts calls per process: { [label]: n } for the calls matching `predicate`. */
function countByProcess(calls, predicate) {
	const counts = {};
	for (const call of calls) if (predicate(call)) counts[call.process] = (counts[call.process] ?? 0) + 1;
	return counts;
}

module.exports = { CallRelay, countByProcess };
