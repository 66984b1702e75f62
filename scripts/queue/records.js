// What n8n stored in the shared Postgres database: executions with the parcels their trigger
// emitted, and the stored (encrypted) credential, read with the `pg` client and the `flatted`
// decoder of the n8n install itself.
'use strict';

const path = require('node:path');

class N8nRecords {
	constructor(layout, postgres) {
		const { Client } = require(path.join(layout.dir, 'node_modules', 'pg'));
		this.flatted = require(path.join(layout.dir, 'node_modules', 'flatted'));
		this.client = new Client({ host: postgres.host, port: postgres.port, user: postgres.user, database: postgres.database });
	}

	async connect() {
		await this.client.connect();
	}

	async close() {
		await this.client.end().catch(() => {});
	}

	/** The encrypted data of a stored credential; it changes whenever a process stores a new session. */
	async credentialData(credentialId) {
		const { rows } = await this.client.query('SELECT data FROM credentials_entity WHERE id = $1', [credentialId]);
		return rows[0]?.data;
	}

	/** Executions of a workflow with an ID above `afterId`: { id, status, mode }. */
	async executions(workflowId, afterId = 0) {
		const { rows } = await this.client.query(
			'SELECT id, status, mode FROM execution_entity WHERE "workflowId" = $1 AND id > $2 ORDER BY id',
			[workflowId, afterId],
		);
		return rows.map((row) => ({ id: Number(row.id), status: row.status, mode: row.mode }));
	}

	async lastExecutionId() {
		const { rows } = await this.client.query('SELECT COALESCE(MAX(id), 0) AS id FROM execution_entity');
		return Number(rows[0].id);
	}

	/** The error messages of failed executions of a workflow (ID above `afterId`), with how often each occurred. */
	async errorMessages(workflowId, afterId = 0) {
		const { rows } = await this.client.query(
			`SELECT d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
			 WHERE e."workflowId" = $1 AND e.id > $2 AND e.status IN ('error', 'crashed')`,
			[workflowId, afterId],
		);
		const counts = {};
		for (const row of rows) {
			let message = 'no error recorded';
			try {
				const error = this.flatted.parse(row.data)?.resultData?.error;
				if (error) message = `${error.node?.name ? `${error.node.name}: ` : ''}${error.message}${error.description ? ` (${error.description})` : ''}`;
			} catch {
				// Unreadable run data: counted as no error recorded.
			}
			counts[message] = (counts[message] ?? 0) + 1;
		}
		return counts;
	}

	/**
	 * Executions of a workflow with an ID above `afterId`, with their status and the items each of
	 * `nodeNames` output (first output, last run), read from the stored run data.
	 */
	async executionItems(workflowId, nodeNames, afterId = 0) {
		const { rows } = await this.client.query(
			`SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
			 WHERE e."workflowId" = $1 AND e.id > $2 ORDER BY e.id`,
			[workflowId, afterId],
		);
		return rows.map((row) => {
			const items = Object.fromEntries(nodeNames.map((name) => [name, []]));
			try {
				const runData = this.flatted.parse(row.data)?.resultData?.runData ?? {};
				for (const name of nodeNames) {
					const runs = runData[name] ?? [];
					items[name] = (runs[runs.length - 1]?.data?.main?.[0] ?? []).map((item) => item.json);
				}
			} catch {
				// No run data yet (queued) or none kept.
			}
			return { id: Number(row.id), status: row.status, items };
		});
	}
}

module.exports = { N8nRecords };
