/*
 * Facts about the ECGridOS API that its WSDL does not state, curated by hand and written into the
 * catalog as annotations by scripts/generate-catalog.js. Every name here is an exact WSDL name; the
 * generator fails when one does not exist, so a new WSDL build cannot silently drop an annotation.
 * Code reads these facts from the catalog (nodes/ECGridOS/catalog/index.ts), never from names.
 */
'use strict';

/** The page parameters of the parcel and interchange archive listings. */
const ARCHIVE_PAGES = { pageNumber: 'PageNo', pageSize: 'RecordsPerPage' };

module.exports = {
	/**
	 * Operations that only read, so repeating one after a network failure cannot change anything:
	 * listings, details, lookups, counts, reports, session logs and pure utilities. Not the downloads
	 * that mark a parcel as transferred (ParcelDownload, ParcelDownloadA, ParcelDownloadS3).
	 */
	readOnly: [
		'NowUTC', 'InterchangeDate', 'Version', 'X400Format', 'GeneratePassword', 'StatusList', 'WhoAmI',
		'CallBackPendingList', 'CallBackPendingListEx', 'CallBackPendingListExA', 'CallBackFailedList', 'CallBackFailedListEx',
		'CallBackEventInfo', 'CallBackEventListEx', 'CallBackQueueInfo',
		'ReportMonthly', 'ReportMonthlyEx', 'ReportByDateEx', 'ReportTrafficStats', 'ReportTrafficStatsEx',
		'ReportTrafficStatsPublic', 'ReportInstantStats', 'ReportInstantStatsEx', 'ReportMailboxStats', 'ReportMailboxStatsEx',
		'ReportMailboxInterchangeStats', 'ReportMailboxInterchangeStatsEx', 'ReportInterchangeStats', 'ReportInterchangeStatsEx',
		'CommList', 'CommListEx', 'CommFind', 'CommInfo',
		'ParcelFindMailbagControlID', 'ParcelFindMailbagControlIDTo', 'ParcelManifest', 'ParcelNoteList', 'ParcelInfo',
		'ParcelInBox', 'ParcelInBoxEx', 'ParcelInBoxExShort',
		'ParcelInBoxArchive', 'ParcelInBoxArchiveEx', 'ParcelInBoxArchiveExShort', 'ParcelInBoxArchiveDescEx',
		'ParcelOutBoxArchive', 'ParcelOutBoxArchiveEx', 'ParcelOutBoxArchiveExShort', 'ParcelOutBoxArchiveDescEx',
		'ParcelOutBoxError', 'ParcelOutBoxErrorEx', 'ParcelOutBoxInProcess', 'ParcelOutBoxInProcessEx',
		'ParcelDownloadNoUpdate', 'ParcelDownloadNoUpdateA',
		'InterchangeManifest', 'InterchangeInfo', 'InterchangeHeaderInfo', 'InterchangeHeaderInfoB',
		'InterchangeInBox', 'InterchangeInBoxEx', 'InterchangeInBoxArchive', 'InterchangeInBoxArchiveEx',
		'InterchangeInBoxPending', 'InterchangeInBoxPendingEx', 'InterchangeInBoxBlocked', 'InterchangeInBoxBlockedEx',
		'InterchangeOutBox', 'InterchangeOutBoxEx', 'InterchangeOutBoxArchive', 'InterchangeOutBoxArchiveEx',
		'InterchangeOutBoxArchiveExNoParcel', 'InterchangeOutBoxPending', 'InterchangeOutBoxPendingEx',
		'InterchangeOutBoxBlocked', 'InterchangeOutBoxBlockedEx', 'InterchangeOutBoxNoRoute', 'InterchangeOutBoxNoRouteEx',
		'MailboxList', 'MailboxListEx', 'MailboxInfo',
		'TPInfo', 'TPSearch', 'TPSearchEx', 'TPList', 'TPListEx', 'TPListExPaged', 'TPListByOwner', 'TPFindEx', 'TPGetMailboxDefault',
		'InterconnectInfo', 'InterconnectInfoGUID', 'InterconnectNoteList', 'InterconnectListByECGridID',
		'InterconnectListByStatus', 'InterconnectListByStatusEx', 'InterconnectCount', 'InterconnectCountEx',
		'MigrationList', 'MigrationListEx', 'MigrationInfo',
		'CarbonCopyInfo', 'CarbonCopyList', 'CarbonCopyListEx',
		'UserInfo', 'UserInfobyLogin', 'UserList', 'UserListEx', 'UserListLockedOut', 'UserListLockedOutEx', 'UserGetAPIKey',
		'SessionLogCurrent', 'SessionLog', 'SessionLogEx',
		'KeyGet', 'KeyList',
		'NetworkInfo', 'NetworkInfoWithLog', 'NetworkList', 'NetworkStatusSummary', 'NetworkOutageList', 'NetworkGetContact',
	],

	/** Paged listings: the parameters that name the page and its size (both xs:short, pages from 1). */
	paging: {
		ParcelInBoxArchive: ARCHIVE_PAGES,
		ParcelInBoxArchiveEx: ARCHIVE_PAGES,
		ParcelInBoxArchiveExShort: ARCHIVE_PAGES,
		ParcelInBoxArchiveDescEx: ARCHIVE_PAGES,
		ParcelOutBoxArchive: ARCHIVE_PAGES,
		ParcelOutBoxArchiveEx: ARCHIVE_PAGES,
		ParcelOutBoxArchiveExShort: ARCHIVE_PAGES,
		ParcelOutBoxArchiveDescEx: ARCHIVE_PAGES,
		InterchangeInBoxArchive: ARCHIVE_PAGES,
		InterchangeInBoxArchiveEx: ARCHIVE_PAGES,
		InterchangeOutBoxArchive: ARCHIVE_PAGES,
		InterchangeOutBoxArchiveEx: ARCHIVE_PAGES,
		InterchangeOutBoxArchiveExNoParcel: ARCHIVE_PAGES,
		TPListExPaged: { pageNumber: 'PageNumber', pageSize: 'PageSize' },
		TPListByOwner: { pageNumber: 'PageNumber', pageSize: 'PageSize' },
	},

	/**
	 * Result types that wrap one page of records: the field holding the records and the field giving
	 * the number of pages. (Results that are themselves lists, `ArrayOf…` and DataSets, need no entry.)
	 */
	pagedResults: {
		ParcelIDInfoCollection: { records: 'ParcelIDInfoList', totalPages: 'TotalPages' },
		InterchangeIDInfoCollection: { records: 'InterchangeIDInfoList', totalPages: 'TotalPages' },
		ECGridIDInfoCollection: { records: 'ECGridIDInfoList', totalPages: 'TotalPages' },
	},

	/**
	 * Parameters, by name in every operation that has them, whose value is the ID of an ECGrid
	 * network, mailbox, trading partner (ECGridID) or user. (`UserId` of the certificate operations is
	 * an AS2 identity, not an ECGrid user; `ObjectID` of the key store names an object of any kind.)
	 */
	idParameters: {
		NetworkID: 'network',
		NetworkId: 'network',
		TargetNetworkId: 'network',
		MailboxID: 'mailbox',
		MailboxId: 'mailbox',
		TargetMailboxId: 'mailbox',
		ECGridID: 'tradingPartner',
		ECGridID1: 'tradingPartner',
		ECGridID2: 'tradingPartner',
		ECGridIDFrom: 'tradingPartner',
		ECGridIDTo: 'tradingPartner',
		ECGridIDCCFrom: 'tradingPartner',
		ECGridIDCCTo: 'tradingPartner',
		UserID: 'user',
		OwnerUserID: 'user',
	},

	/**
	 * Secrets. Parameters by name in every operation that has them: the session (or API key), user,
	 * HTTP and certificate passwords, password-recovery answers and the S3 secret key (the S3 access
	 * key ID is an identifier, as AWS treats it).
	 */
	secretParameters: [
		'SessionID',
		'Password',
		'OldPassword',
		'NewPassword',
		'HTTPPassword',
		'RecoveryAnswer',
		'CurrentRecoveryAnswer',
		'SecretKey',
	],

	/** Operations whose result is a secret: a new session, an API key, a generated password. */
	secretResults: ['Login', 'GenerateAPIKey', 'UserGetAPIKey', 'GeneratePassword'],

	/** Fields of complex types that carry a secret, as Type.field. */
	secretFields: [
		'SessionInfo.SessionID',
		'SessionLogInfo.SessionID',
		'KeyValue.SessionID',
		'HTTPAuthInfo.Password',
		'CertificateRoot.Password',
		'CertificateRoot.PrivatePFX',
		'CertificateRootInfo.Password',
		'CertificateRootInfo.PrivatePFX',
		'NetworkFTPInfo.Password',
		'NetworkOwnerInfo.LegacyPassword',
		'NetworkVPN.SharedSecret',
		'x1256mailbag.passwordFrom',
		'x1256mailbag.passwordTo',
	],
};
