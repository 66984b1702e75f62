/** Test helper: the SessionID a request envelope carries ('' when none), read as ECGridOS would. */
export function sessionIdIn(envelope: string | Buffer): string {
	const head = typeof envelope === 'string' ? envelope.slice(0, 4096) : envelope.toString('utf8', 0, 4096);
	const match = /<SessionID>([^<]*)<\/SessionID>/.exec(head);
	if (!match) return '';
	return match[1]
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code)))
		.replace(/&amp;/g, '&');
}
