// A stand-in for an OpenAI-compatible chat model, so the AI-agent example runs without a real
// LLM: the first completion asks for one tool call (a tool picked by name, with set arguments);
// once the tool's result comes back, the answer repeats it. The agent, the tool call and the
// ECGridOS node behind it are all real n8n; only the model's words are scripted.
'use strict';

const http = require('node:http');

function completion(message) {
	return {
		id: `chatcmpl-scripted-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: 'scripted',
		choices: [{ index: 0, message, finish_reason: message.tool_calls ? 'tool_calls' : 'stop', logprobs: null }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

/** The same completion as a server-sent-event stream, for clients that ask for one. */
function streamChunks(message) {
	const base = { id: `chatcmpl-scripted-${Date.now()}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: 'scripted' };
	const delta = message.tool_calls
		? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) }
		: { role: 'assistant', content: message.content };
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{ ...base, choices: [{ index: 0, delta: {}, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }] },
	];
}

/**
 * Starts the scripted model on 127.0.0.1. `plan.tool` (a RegExp) picks the tool to call among
 * those the agent offers, `plan.arguments` are its arguments. `requests` records what the agent
 * sent, for assertions.
 */
async function startScriptedLlm(plan) {
	const requests = [];
	const server = http.createServer((request, response) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			if (request.method !== 'POST' || !request.url.endsWith('/chat/completions')) {
				response.writeHead(404, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ error: { message: `The scripted model serves POST /v1/chat/completions, not ${request.method} ${request.url}` } }));
				return;
			}
			const payload = JSON.parse(body);
			requests.push(payload);
			const toolResults = payload.messages.filter((message) => message.role === 'tool');
			let message;
			if (toolResults.length === 0) {
				const tool = (payload.tools ?? []).find((candidate) => plan.tool.test(candidate.function.name));
				message = tool
					? {
							role: 'assistant',
							content: null,
							tool_calls: [{ id: 'call_scripted_1', type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(plan.arguments) } }],
						}
					: { role: 'assistant', content: `No tool matching ${plan.tool} was offered.` };
			} else {
				message = { role: 'assistant', content: `${plan.answerPrefix} ${toolResults.map((result) => result.content).join('\n')}` };
			}
			if (payload.stream) {
				response.writeHead(200, { 'content-type': 'text/event-stream' });
				for (const chunk of streamChunks(message)) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
				response.end('data: [DONE]\n\n');
			} else {
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(JSON.stringify(completion(message)));
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
		requests,
		stop: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startScriptedLlm };
