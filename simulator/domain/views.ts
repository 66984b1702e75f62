/** Records → the WSDL's result types (field names as the catalog declares them). */
import type {
	CarbonCopyRecord,
	CertificateRecord,
	CommRecord,
	InterchangeRecord,
	InterconnectRecord,
	MailboxRecord,
	ManifestRecord,
	NetworkRecord,
	NoteRecord,
	ParcelRecord,
	Store,
	TradingPartnerRecord,
	UserRecord,
	X12Delimiters,
} from '../store';
import { statusMessage } from './statusCodes';

type View = Record<string, unknown>;

export function userView(user: UserRecord | undefined, openSessions = 0): View | undefined {
	if (!user) return undefined;
	return {
		UserID: user.userId,
		LoginName: user.loginName,
		RecoveryQuestion: user.recoveryQuestion,
		FirstName: user.firstName,
		LastName: user.lastName,
		Company: user.company,
		EMail: user.email,
		Phone: user.phone,
		CellPhone: user.cellPhone,
		CellCarrier: user.cellCarrier,
		TimeZoneOffset: 0,
		NetworkID: user.networkId,
		MailboxID: user.mailboxId,
		AuthLevel: user.authLevel,
		Created: user.created,
		Modified: user.modified,
		LastLogin: user.lastLogin,
		Status: user.status,
		LockedOut: user.lockedOut,
		OpenSessions: openSessions,
	};
}

export function openSessionCount(store: Store, userId: number): number {
	let count = 0;
	for (const session of store.sessions.values()) if (session.userId === userId && session.status === 'Open' && !session.viaApiKey) count++;
	return count;
}

export function userViewOf(store: Store, userId: number | undefined): View | undefined {
	if (!userId) return undefined;
	const user = store.users.get(userId);
	return userView(user, user ? openSessionCount(store, user.userId) : 0);
}

function mailboxConfig(delimiters: X12Delimiters, inBoxTimeout: number, deleteOnDownload: boolean): View {
	return {
		InBoxTimeout: inBoxTimeout,
		SegTerm: delimiters.segTerm,
		ElmSep: delimiters.elmSep,
		SubElmSep: delimiters.subElmSep,
		EBCDICFilter: 0,
		FTPasciiFilter: false,
		LowPassFilter: false,
		MailbagPassThrough: false,
		DeleteOnDownload: deleteOnDownload,
		StripDirectedEnvelope: false,
	};
}

export function networkView(store: Store, network: NetworkRecord): View {
	const contactEmail = (type: string) => store.users.get(network.contacts[type] ?? 0);
	const admin = contactEmail('Owner');
	return {
		NetworkID: network.networkId,
		Name: network.name,
		Location: network.location,
		AdminContact: admin ? `${admin.firstName} ${admin.lastName}`.trim() : undefined,
		AdminPhone: admin?.phone,
		AdminEMail: admin?.email,
		LastContact: network.modified,
		Type: 'Network',
		Status: network.status,
		RunStatus: 'Active',
		NetworkStatus: 'NormalOperation',
		ECGridAccount: true,
		OwnerUserID: network.contacts.Owner ?? 0,
		RoutingUserID: 0,
		ErrorsUserID: network.contacts.Errors ?? 0,
		InterconnectsUserID: network.contacts.Interconnects ?? 0,
		NoticesUserID: network.contacts.Notices ?? 0,
		ReportsUserID: network.contacts.Reports ?? 0,
		AccountingUserID: network.contacts.Accounting ?? 0,
		CustomerServiceUserID: network.contacts.CustomerService ?? 0,
		HomeWebsite: network.websites.Home,
		SupportWebsite: network.websites.Support,
		LoginWebsite: network.websites.Login,
		Created: network.created,
		Modified: network.modified,
		OwnerInfo: {
			Routing: 'Open',
			Config: mailboxConfig(network.delimiters, 0, network.deleteOnDownload),
			PricelistID: 0,
			ContractID: 0,
		},
	};
}

export function mailboxView(store: Store, mailbox: MailboxRecord): View {
	const contact = (type: string) => userViewOf(store, mailbox.contacts[type]);
	return {
		MailboxID: mailbox.mailboxId,
		NetworkID: mailbox.networkId,
		Name: mailbox.name,
		Created: mailbox.created,
		Modified: mailbox.modified,
		Status: mailbox.status,
		Description: mailbox.description,
		OwnerUserID: contact('Owner'),
		ErrorsUserID: contact('Errors'),
		InterconnectsUserID: contact('Interconnects'),
		NoticesUserID: contact('Notices'),
		ReportsUserID: contact('Reports'),
		CustomerServiceUserID: contact('CustomerService'),
		AccountingUserID: contact('Accounting'),
		Managed: mailbox.managed,
		UseType: mailbox.useType,
		Config: mailboxConfig(mailbox.delimiters, mailbox.inBoxTimeoutMinutes, mailbox.deleteOnDownload),
		ECGridAccount: true,
		OwnerInfo: { PricelistID: 0, ContractID: 0 },
		NetOpsInfo: { AliasNetworkID: 0, AliasMailboxID: 0 },
	};
}

/** `brief` leaves out owner and configuration, as nested partners in interchange listings do. */
export function tradingPartnerView(store: Store, partner: TradingPartnerRecord | undefined, brief = false): View | undefined {
	if (!partner) return undefined;
	const networkName = store.networks.get(partner.networkId)?.name;
	const mailbox = store.mailboxes.get(partner.mailboxId);
	const identity = {
		ECGridID: partner.ecgridId,
		NetworkID: partner.networkId,
		NetworkName: networkName,
		MailboxID: partner.mailboxId,
		MailboxName: mailbox?.name,
		Qualifier: partner.qualifier,
		ID: partner.id,
		Description: partner.description,
		DataEMail: partner.dataEmail,
		MailboxDefault: partner.mailboxDefault,
		Status: partner.status,
		UseType: partner.useType,
	};
	if (brief) return identity;
	return {
		...identity,
		Owner: userViewOf(store, partner.ownerUserId),
		OwnerInfo: {
			NetworkID: partner.networkId,
			NetworkName: networkName,
			MailboxID: partner.mailboxId,
			MailboxName: mailbox?.name,
			Created: partner.created,
			Modified: partner.modified,
			Effective: partner.effective,
			Expires: partner.expires,
			LastTraffic: partner.lastTraffic,
			RoutingGroup: partner.routingGroup,
		},
		Config: mailbox ? mailboxConfig(mailbox.delimiters, mailbox.inBoxTimeoutMinutes, mailbox.deleteOnDownload) : undefined,
	};
}

export function manifestView(store: Store, entry: ManifestRecord): View {
	const status = statusMessage(entry.statusCode);
	return {
		ManifestDate: entry.date,
		NetworkID: entry.networkId,
		NetworkName: store.networks.get(entry.networkId)?.name,
		Type: entry.type,
		ParcelID: entry.parcelId,
		InterchangeID: entry.interchangeId,
		StatusCode: entry.statusCode,
		StatusMessage: status.message,
		StatusColor: status.color,
	};
}

export function interchangeView(store: Store, interchange: InterchangeRecord, withParcels = false): View {
	const parcels = withParcels
		? [interchange.outboxParcelId, interchange.inboxParcelId]
				.map((parcelId) => store.parcels.get(parcelId))
				.filter((parcel): parcel is ParcelRecord => parcel !== undefined)
				.map((parcel) => parcelView(store, parcel, false))
		: undefined;
	return {
		InterchangeID: interchange.interchangeId,
		InterchangeProcessDate: interchange.processDate,
		NetworkIDFrom: interchange.fromNetworkId,
		NetworkNameFrom: store.networks.get(interchange.fromNetworkId)?.name,
		MailboxIDFrom: interchange.fromMailboxId,
		NetworkIDTo: interchange.toNetworkId,
		NetworkNameTo: store.networks.get(interchange.toNetworkId)?.name,
		MailboxIDTo: interchange.toMailboxId,
		Standard: interchange.standard,
		Bytes: interchange.bytes,
		InterchangeControlID: interchange.controlId,
		InterchangeDateTime: interchange.interchangeDate,
		ArchiveDate: undefined,
		StatusDate: interchange.statusDate,
		StatusCode: interchange.statusCode,
		StatusMessage: statusMessage(interchange.statusCode).message,
		DocumentType: interchange.documentType,
		Header: interchange.header,
		TPFrom: tradingPartnerView(store, store.tradingPartners.get(interchange.fromEcgridId), !withParcels),
		TPTo: tradingPartnerView(store, store.tradingPartners.get(interchange.toEcgridId), !withParcels),
		Parcels: parcels,
	};
}

/** `detailed` adds the interchanges and the manifest log; the "Short" listings leave them out. */
export function parcelView(store: Store, parcel: ParcelRecord, detailed: boolean): View {
	return {
		ParcelBytes: parcel.bytes,
		ParcelDate: parcel.date,
		ActualBytes: parcel.bytes,
		NetworkIDFrom: parcel.fromNetworkId,
		NetworkNameFrom: store.networks.get(parcel.fromNetworkId)?.name,
		MailboxIDFrom: parcel.fromMailboxId,
		MailboxNameFrom: store.mailboxes.get(parcel.fromMailboxId)?.name,
		NetworkIDTo: parcel.toNetworkId,
		NetworkNameTo: store.networks.get(parcel.toNetworkId)?.name,
		MailboxIDTo: parcel.toMailboxId,
		MailboxNameTo: store.mailboxes.get(parcel.toMailboxId)?.name,
		FileName: parcel.fileName,
		MailbagControlID: parcel.mailbagControlId || undefined,
		ArchiveDate: parcel.archiveDate,
		StatusDate: parcel.statusDate,
		StatusCode: parcel.statusCode,
		StatusMessage: statusMessage(parcel.statusCode).message,
		LocalStatus: parcel.localStatus,
		LocalStatusDate: parcel.localStatusDate,
		Valid: parcel.valid,
		Acknowledgment: parcel.acknowledgment || undefined,
		Direction: parcel.direction,
		Interchanges: detailed
			? parcel.interchangeIds
					.map((interchangeId) => store.interchanges.get(interchangeId))
					.filter((interchange): interchange is InterchangeRecord => interchange !== undefined)
					.map((interchange) => interchangeView(store, interchange))
			: undefined,
		Log: detailed ? parcel.manifest.map((entry) => manifestView(store, entry)) : undefined,
		ParcelID: parcel.parcelId,
	};
}

export function noteAttachment(note: NoteRecord): View | undefined {
	if (!note.attachmentName && !note.attachmentBase64) return undefined;
	return { FileName: note.attachmentName, Content: note.attachmentBase64 ? Buffer.from(note.attachmentBase64, 'base64') : undefined };
}

export function interconnectView(store: Store, interconnect: InterconnectRecord): View {
	const tp1 = store.tradingPartners.get(interconnect.ecgridId1);
	const tp2 = store.tradingPartners.get(interconnect.ecgridId2);
	return {
		InterconnectID: interconnect.interconnectId,
		UniqueID: interconnect.uniqueId,
		Created: interconnect.created,
		Modified: interconnect.modified,
		Completed: interconnect.completed,
		LastTraffic: tp1?.lastTraffic,
		RequestorUser: userViewOf(store, interconnect.requestorUserId),
		ContactName: interconnect.contactName,
		ContactEMail: interconnect.contactEmail,
		Status: interconnect.status,
		SuspendPendingInterchanges: false,
		TP1: tradingPartnerView(store, tp1),
		Reference1: interconnect.reference1,
		TP2: tradingPartnerView(store, tp2),
		Reference2: interconnect.reference2,
	};
}

export function carbonCopyView(store: Store, carbonCopy: CarbonCopyRecord): View {
	const partner = (ecgridId: number) => tradingPartnerView(store, store.tradingPartners.get(ecgridId));
	return {
		CarbonCopyID: carbonCopy.carbonCopyId,
		NetworkID: carbonCopy.networkId,
		MailboxID: carbonCopy.mailboxId,
		Created: carbonCopy.created,
		Modified: carbonCopy.modified,
		Status: carbonCopy.status,
		OriginalFrom: partner(carbonCopy.ecgridIdFrom),
		OriginalTo: partner(carbonCopy.ecgridIdTo),
		CCFrom: partner(carbonCopy.ecgridIdCcFrom),
		CCTo: partner(carbonCopy.ecgridIdCcTo),
		GSFrom: carbonCopy.gsFrom || undefined,
		GSTo: carbonCopy.gsTo || undefined,
		TransactionSet: carbonCopy.transactionSet || undefined,
	};
}

function certificateFields(certificate: CertificateRecord): View {
	return {
		CertKeyID: certificate.certKeyId,
		PartnerURL: certificate.partnerUrl || undefined,
		Type: certificate.certType,
		Usage: certificate.usage,
		SecureHashAlgorithm: certificate.secureHashAlgorithm || undefined,
		Subject: certificate.subject || undefined,
		Issuer: certificate.issuer || undefined,
		HasPrivateKey: certificate.hasPrivateKey,
		PublicCertificate: certificate.publicCertificateBase64 ? Buffer.from(certificate.publicCertificateBase64, 'base64') : undefined,
		BeginUsage: certificate.beginUsage,
		EndUsage: certificate.endUsage,
		NotBefore: certificate.notBefore,
		NotAfter: certificate.notAfter,
		SerialNumber: certificate.serialNumber || undefined,
		Thumbprint: certificate.thumbprint || undefined,
		Status: certificate.status,
	};
}

function commFields(store: Store, comm: CommRecord): View {
	return {
		CommID: comm.commId,
		Created: comm.created,
		Modified: comm.modified,
		Hosted: comm.hosted,
		Identifier: comm.identifier,
		Owner: userViewOf(store, comm.ownerUserId),
		NetworkID: comm.networkId,
		MailboxID: comm.mailboxId,
		UseType: comm.useType,
		URL: comm.url || undefined,
		SignData: comm.signData,
		EncryptData: comm.encryptData,
		CompressData: comm.compressData,
		BeginUsage: comm.beginUsage,
		EndUsage: comm.endUsage,
		Status: comm.status,
		Receipt: comm.receipt,
		SSLClientAuthentication: false,
		// The stored HTTP password is never echoed back.
		HTTPAuthentication: { Type: comm.httpAuthType, User: comm.httpUser || undefined },
	};
}

export function commView(store: Store, comm: CommRecord, withCertificates = true): View {
	return {
		...commFields(store, comm),
		Type: comm.type,
		Version: comm.version || undefined,
		Certificates: withCertificates
			? comm.certificates.map((certificate) => ({ ...certificateFields(certificate), PartnerID: certificate.partnerId || undefined, KeyID: certificate.keyId || undefined, UserID: certificate.userIdText || undefined, CertType: 'cstPublicKeyBlob' }))
			: undefined,
	};
}

export function as2CommView(store: Store, comm: CommRecord): View {
	return {
		...commFields(store, comm),
		Certificates: comm.certificates.map((certificate) => ({ ...certificateFields(certificate), PartnerAS2ID: certificate.partnerId || undefined })),
	};
}

export interface Page<T> {
	PageSize: number;
	PageNumber: number;
	Count: number;
	TotalRecords: number;
	TotalPages: number;
	items: T[];
}

/** Pages are numbered from 1; a page size of 0 or less means the default of 100 rows. */
export function pageOf<T>(items: readonly T[], pageNumber: number, pageSize: number): Page<T> {
	const size = Math.min(pageSize > 0 ? pageSize : 100, 32767);
	const totalPages = Math.max(1, Math.ceil(items.length / size));
	const number = Math.max(1, pageNumber);
	const slice = items.slice((number - 1) * size, number * size);
	return { PageSize: size, PageNumber: number, Count: slice.length, TotalRecords: items.length, TotalPages: Math.min(totalPages, 32767), items: slice };
}
