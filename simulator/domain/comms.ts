/**
 * Communication channels (AS2, SFTP, …) and their certificates. Public X.509 certificates are
 * read for real (subject, issuer, serial, thumbprint, validity); private keys are recorded but
 * never generated or parsed, which the README lists as a simulator limit.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { fault } from '../soap/faults';
import type { CertificateRecord, CommRecord } from '../store';
import { canReach, exScope, getOrNotFound, listable, ownScope, requireLevel, requireReach, targetMailbox, type Scope } from './access';
import type { Call, HandlerTable } from './call';
import { checkLength, setLifecycleStatus } from './lifecycle';
import { as2CommView, commView } from './views';

function findComm(call: Call, write: boolean): CommRecord {
	const comm = getOrNotFound(call.store.comms, call.int('CommID'), 'CommID');
	requireReach(call, comm.networkId, comm.mailboxId, 'CommID');
	if (write) requireLevel(call, 'MailboxAdmin');
	return comm;
}

function applySettings(call: Call, comm: CommRecord): void {
	comm.ownerUserId = call.int('OwnerUserID') || comm.ownerUserId || call.me.userId;
	if (call.optionalText('Identifier') !== undefined) comm.identifier = checkLength('Identifier', call.text('Identifier'), 128);
	if (call.optionalText('URL') !== undefined) comm.url = checkLength('URL', call.text('URL'), 1024);
	if (call.optionalText('Version') !== undefined) comm.version = checkLength('Version', call.text('Version'), 16);
	comm.signData = call.flag('SignData');
	comm.encryptData = call.flag('EncryptData');
	comm.compressData = call.flag('CompressData');
	comm.receipt = call.enumText('ReceiptType');
	comm.httpAuthType = call.enumText('HTTPAuthentication');
	comm.httpUser = call.text('HTTPUser');
	comm.httpPassword = call.text('HTTPPassword');
	comm.useType = call.enumText('UseType');
	comm.beginUsage = call.time('BeginUsage') ?? call.now;
	comm.endUsage = call.time('EndUsage');
	comm.modified = call.now;
}

function listComms(call: Call, scope: Scope, identifier?: string) {
	const type = call.enumText('CommType');
	const useType = call.enumText('UseType');
	return [...call.store.comms.values()]
		.filter((comm) => listable(call, scope, comm))
		.filter((comm) => type === 'none' || type === 'undefined' || comm.type === type)
		.filter((comm) => useType === 'Undefined' || comm.useType === useType || comm.useType === 'TestAndProduction')
		.filter((comm) => call.flag('ShowInactive') || comm.status === 'Active')
		.filter((comm) => !call.flag('PrivateKeyRequired') || comm.certificates.some((certificate) => certificate.hasPrivateKey && certificate.status === 'Active'))
		.filter((comm) => identifier === undefined || comm.identifier.toLowerCase().includes(identifier.toLowerCase()))
		.map((comm) => commView(call.store, comm, call.operation === 'CommFind' || call.flag('WithCerts')));
}

function newCertificate(call: Call, fields: Partial<CertificateRecord>): CertificateRecord {
	return {
		certKeyId: call.store.nextId('certificate'),
		certType: 'X509',
		usage: 'EncryptionAndSignature',
		keyId: '',
		userIdText: '',
		partnerId: '',
		partnerUrl: '',
		secureHashAlgorithm: 'sha2',
		subject: '',
		issuer: '',
		serialNumber: '',
		thumbprint: '',
		hasPrivateKey: false,
		beginUsage: call.time('BeginUsage') ?? call.now,
		status: 'Active',
		...fields,
	};
}

function publicCertificate(call: Call, bytes: Buffer | undefined): CertificateRecord {
	if (!bytes || bytes.length === 0) throw fault.dataError('Cert', 'A certificate is required.');
	const certType = call.enumText('CertType');
	const common = {
		certType,
		usage: call.enumText('Usage'),
		keyId: call.text('KeyId'),
		userIdText: call.text('UserId'),
		partnerId: call.text('PartnerCommID') || call.text('PartnerAS2ID'),
		partnerUrl: call.text('PartnerURL'),
		publicCertificateBase64: bytes.toString('base64'),
	};
	if (certType !== 'X509') {
		return newCertificate(call, { ...common, thumbprint: createHash('sha1').update(bytes).digest('hex').toUpperCase() });
	}
	let certificate: X509Certificate;
	try {
		certificate = new X509Certificate(bytes);
	} catch {
		throw fault.dataError('Cert', 'The certificate is not a readable X.509 certificate (DER or PEM).');
	}
	return newCertificate(call, {
		...common,
		publicCertificateBase64: certificate.raw.toString('base64'),
		subject: certificate.subject.replace(/\n/g, ', '),
		issuer: certificate.issuer.replace(/\n/g, ', '),
		serialNumber: certificate.serialNumber,
		thumbprint: certificate.fingerprint.replace(/:/g, ''),
		notBefore: Date.parse(certificate.validFrom),
		notAfter: Date.parse(certificate.validTo),
		endUsage: Date.parse(certificate.validTo),
	});
}

function privateCertificate(call: Call, bytes: Buffer | undefined): CertificateRecord {
	if (!bytes || bytes.length === 0) throw fault.dataError('Cert', 'A PFX/PKCS#12 file is required.');
	return newCertificate(call, {
		certType: call.enumText('CertType'),
		usage: call.enumText('Usage'),
		keyId: call.text('KeyId'),
		userIdText: call.text('UserId'),
		partnerId: call.text('PartnerAS2ID'),
		hasPrivateKey: true,
		thumbprint: createHash('sha1').update(bytes).digest('hex').toUpperCase(),
	});
}

function attach(call: Call, certificate: CertificateRecord): CommRecord {
	const comm = findComm(call, true);
	comm.certificates.push(certificate);
	comm.modified = call.now;
	call.store.changed();
	return comm;
}

function findCertificate(call: Call, comm: CommRecord): CertificateRecord {
	const certificate = comm.certificates.find((candidate) => candidate.certKeyId === call.int('CertKeyID'));
	if (!certificate) throw fault.notFound('CertKeyID', `Comm ${comm.commId} has no certificate ${call.int('CertKeyID')}.`);
	return certificate;
}

function pairedComms(call: Call, fromEcgridId: number, toEcgridId: number, type?: string) {
	const from = getOrNotFound(call.store.tradingPartners, fromEcgridId, 'ECGridIDFrom');
	const to = getOrNotFound(call.store.tradingPartners, toEcgridId, 'ECGridIDTo');
	if (!canReach(call.me, from.networkId, from.mailboxId) && !canReach(call.me, to.networkId, to.mailboxId)) throw fault.accessDenied('ECGridIDFrom');
	return [...call.store.comms.values()].filter(
		(comm) =>
			(type === undefined || comm.type === type) &&
			comm.status === 'Active' &&
			(comm.pairedEcgridIds.includes(from.ecgridId) || comm.pairedEcgridIds.includes(to.ecgridId) || comm.mailboxId === from.mailboxId || comm.mailboxId === to.mailboxId),
	);
}

export const commHandlers: HandlerTable = {
	CommAdd(call) {
		requireLevel(call, 'MailboxAdmin');
		const mailbox = targetMailbox(call, exScope(call));
		const type = call.enumText('CommType');
		if (type === 'none' || type === 'undefined') throw fault.dataError('CommType', 'A channel type is required.');
		const comm: CommRecord = {
			commId: call.store.nextId('comm'),
			type,
			version: '',
			created: call.now,
			modified: call.now,
			hosted: call.flag('ECGridHosted'),
			identifier: '',
			ownerUserId: 0,
			networkId: mailbox.networkId,
			mailboxId: mailbox.mailboxId,
			useType: 'Production',
			url: '',
			signData: false,
			encryptData: false,
			compressData: false,
			status: call.enumText('Status'),
			receipt: 'None',
			httpAuthType: 'None',
			httpUser: '',
			httpPassword: '',
			defaultMailboxId: mailbox.mailboxId,
			pairedEcgridIds: [],
			certificates: [],
		};
		applySettings(call, comm);
		if (!comm.identifier) throw fault.dataError('Identifier', 'An identifier (for example an AS2 ID) is required.');
		if ([...call.store.comms.values()].some((other) => other.type === type && other.identifier.toLowerCase() === comm.identifier.toLowerCase() && other.status !== 'Terminated')) {
			throw fault.duplicate('Identifier', `A ${type} channel with this identifier exists.`);
		}
		call.store.comms.set(comm.commId, comm);
		call.store.changed();
		return commView(call.store, comm);
	},
	CommUpdate(call) {
		const comm = findComm(call, true);
		applySettings(call, comm);
		call.store.changed();
		return commView(call.store, comm);
	},
	CommInfo: (call) => commView(call.store, findComm(call, false)),
	CommList: (call) => listComms(call, ownScope(call)),
	CommListEx: (call) => listComms(call, exScope(call)),
	CommFind: (call) => listComms(call, { networkId: 0, mailboxId: 0 }, call.text('Identifier')),
	CommSetStatus: (call) => setLifecycleStatus(call, findComm(call, true), call.enumText('Status'), 'CommID'),
	CommDefaultMailbox(call) {
		const comm = findComm(call, true);
		const mailbox = getOrNotFound(call.store.mailboxes, call.int('MailboxID'), 'MailboxID');
		requireReach(call, mailbox.networkId, mailbox.mailboxId, 'MailboxID');
		comm.defaultMailboxId = mailbox.mailboxId;
		comm.modified = call.now;
		call.store.changed();
		return true;
	},
	CommSetPair(call) {
		requireLevel(call, 'MailboxAdmin');
		const byIdentifier = (parameter: string) => {
			const identifier = call.text(parameter).toLowerCase();
			const comm = [...call.store.comms.values()].find((candidate) => candidate.identifier.toLowerCase() === identifier && candidate.status !== 'Terminated');
			if (!comm) throw fault.notFound(parameter, 'No channel has this identifier.');
			return comm;
		};
		const first = byIdentifier('Identifier1');
		const second = byIdentifier('Identifier2');
		const from = getOrNotFound(call.store.tradingPartners, call.int('ECGridIDFrom'), 'ECGridIDFrom');
		const to = getOrNotFound(call.store.tradingPartners, call.int('ECGridIDTo'), 'ECGridIDTo');
		if (!canReach(call.me, from.networkId, from.mailboxId)) throw fault.accessDenied('ECGridIDFrom');
		if (!first.pairedEcgridIds.includes(from.ecgridId)) first.pairedEcgridIds.push(from.ecgridId);
		if (!second.pairedEcgridIds.includes(to.ecgridId)) second.pairedEcgridIds.push(to.ecgridId);
		call.store.changed();
		return [commView(call.store, first), commView(call.store, second)];
	},
	CommPair: (call) => pairedComms(call, call.int('ECGridIDFrom'), call.int('ECGridIDTo'), call.enumText('CommType')).map((comm) => commView(call.store, comm)),
	CertificateAddPublic: (call) => commView(call.store, attach(call, publicCertificate(call, call.bytes('Cert')))),
	CertificateAddPublicA: (call) => commView(call.store, attach(call, publicCertificate(call, Buffer.from(call.text('CertBase64'), 'base64')))),
	CertAddPrivate: (call) => as2CommView(call.store, attach(call, privateCertificate(call, call.bytes('Cert')))),
	CertAddPrivateA: (call) => as2CommView(call.store, attach(call, privateCertificate(call, Buffer.from(call.text('CertBase64'), 'base64')))),
	CertificateCreatePrivate(call) {
		const comm = findComm(call, true);
		const certificate = newCertificate(call, {
			usage: call.enumText('Usage'),
			secureHashAlgorithm: call.enumText('SecureHashAlgorithm'),
			partnerId: call.text('PartnerAS2ID'),
			subject: `CN=${comm.identifier}`,
			issuer: `CN=${comm.identifier}`,
			hasPrivateKey: true,
			endUsage: call.time('Expires'),
			notBefore: call.now,
			notAfter: call.time('Expires'),
		});
		return commView(call.store, attach(call, certificate));
	},
	CertificateRenewPrivate(call) {
		const comm = findComm(call, true);
		const current = findCertificate(call, comm);
		const years = Math.max(1, call.int('Years'));
		const renewed = newCertificate(call, {
			...current,
			certKeyId: call.store.nextId('certificate'),
			secureHashAlgorithm: call.enumText('SecureHashAlgorithm'),
			beginUsage: call.now,
			notBefore: call.now,
			notAfter: call.now + years * 365 * 86400000,
			endUsage: call.now + years * 365 * 86400000,
			status: 'Active',
		});
		current.endUsage = call.now + Math.max(0, call.int('OverlapDays')) * 86400000;
		return commView(call.store, attach(call, renewed));
	},
	CertificateTerminate(call) {
		const comm = findComm(call, true);
		const certificate = findCertificate(call, comm);
		certificate.status = 'Terminated';
		certificate.endUsage = call.now;
		comm.modified = call.now;
		call.store.changed();
		return true;
	},
};
