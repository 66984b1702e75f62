// Runs the ECGridOS simulator (TypeScript, in simulator/) inside this Node process.
'use strict';

const path = require('node:path');
const { register } = require('tsx/cjs/api');

const SIMULATOR_ENTRY = path.resolve(__dirname, '..', '..', 'simulator', 'index.ts');

/** Starts the simulator with the demo seed; resolves to its running handle (endpointUrl, port, seed, stop). */
async function startSimulator(options = {}) {
	register();
	const simulator = require(SIMULATOR_ENTRY);
	return simulator.startSimulator(options);
}

module.exports = { startSimulator };
