// Runs n8n's own CLI (import, execute, start) against one user folder.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { n8nCommand, n8nEnvironment } = require('./runtime');

/** An n8n instance: an install (layout), a user folder and the key its credentials are encrypted with. */
class N8nInstance {
	constructor(layout, { userFolder, encryptionKey, extraEnvironment = {} }) {
		this.layout = layout;
		this.userFolder = userFolder;
		this.environment = n8nEnvironment(layout, { userFolder, encryptionKey, extra: extraEnvironment });
	}

	/** Runs one CLI command to completion and returns its exit code and output. */
	runCommand(args, { timeoutMs = 180000 } = {}) {
		const { command, args: fullArgs } = n8nCommand(this.layout, args);
		return new Promise((resolve, reject) => {
			const child = spawn(command, fullArgs, { env: this.environment, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
			const timer = setTimeout(() => {
				child.kill('SIGTERM');
				reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs / 1000}s`));
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('exit', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout, stderr });
			});
		});
	}

	async runCommandOrFail(args) {
		const result = await this.runCommand(args);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${lastLines(result.stdout + result.stderr, 30)}`);
		}
		return result;
	}

	/** Imports credentials given with plain data; n8n encrypts them with this instance's key. */
	async importCredentials(credentials) {
		const file = this.writeInputFile('credentials.json', credentials);
		try {
			await this.runCommandOrFail(['import:credentials', `--input=${file}`]);
		} finally {
			// Plain-text secrets stay only in n8n's encrypted store.
			fs.rmSync(file, { force: true });
		}
	}

	/** Imports workflows (objects with an `id`), all in one n8n start. */
	async importWorkflows(workflows) {
		const dir = path.join(this.userFolder, 'import', 'workflows');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const workflow of workflows) {
			fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, '\t'));
		}
		await this.runCommandOrFail(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/**
	 * Runs a workflow from its Manual Trigger with `n8n execute` and returns n8n's run record
	 * (`data.resultData.runData` holds every node's output) or the error n8n reported.
	 */
	async executeWorkflow(workflowId) {
		const result = await this.runCommand(['execute', `--id=${workflowId}`, '--rawOutput']);
		const run = parseRunRecord(result.stdout);
		return { exitCode: result.code, run, output: result.stdout + result.stderr };
	}

	/** Starts `n8n start` as a long-running child process. */
	startServer({ stdio = 'inherit', extraEnvironment = {}, detached = false } = {}) {
		const { command, args } = n8nCommand(this.layout, ['start']);
		return spawn(command, args, { env: { ...this.environment, ...extraEnvironment }, stdio, detached });
	}

	writeInputFile(name, value) {
		const dir = path.join(this.userFolder, 'import');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, name);
		fs.writeFileSync(file, JSON.stringify(value, null, '\t'), { mode: 0o600 });
		return file;
	}
}

/**
 * `n8n execute` prints the run record as indented JSON among its log lines; a top-level object
 * starts with a line holding only `{` and ends with a line holding only `}`.
 */
function parseRunRecord(stdout) {
	const lines = stdout.split('\n');
	const end = lines.map((line) => line.trimEnd()).lastIndexOf('}');
	for (let start = 0; start < end; start++) {
		if (lines[start].trimEnd() !== '{') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// Log text between two JSON blocks: try the next opening brace.
		}
	}
	return undefined;
}

function lastLines(text, count) {
	return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Items a node produced in its last run, on its first output, as plain JSON objects. */
function nodeOutput(run, nodeName, outputIndex = 0) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const last = runs[runs.length - 1];
	if (last.error) return undefined;
	return (last.data?.main?.[outputIndex] ?? []).map((item) => item.json);
}

/** The error a node raised in its last run, if any. */
function nodeError(run, nodeName) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	return runs?.[runs.length - 1]?.error;
}

module.exports = { N8nInstance, parseRunRecord, nodeOutput, nodeError, lastLines };
