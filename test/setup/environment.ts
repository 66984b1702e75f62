import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// n8n-core reads and writes its instance settings below N8N_USER_FOLDER; never touch ~/.n8n from tests.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'ecgridos-n8n-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key-not-a-secret';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
