import type { ResourceDefinition, VariantSelector } from './types';
import { MAILBOX_SCOPE, SPECIFIC_MAILBOX_ONLY, scoped, scopedBy } from './variants';

/** The traffic report also exists system-wide, without a session. */
const TRAFFIC_SCOPE: VariantSelector = {
	...MAILBOX_SCOPE,
	name: 'trafficScope',
	displayName: 'Scope',
	description: 'Whose traffic to report',
	options: [
		...(MAILBOX_SCOPE.options ?? []),
		{
			name: 'All of ECGrid (Public)',
			value: 'public',
			description: 'System-wide traffic of the last 72 hours, as ECGrid publishes it; needs no login',
		},
	],
};

const REPORT_PERIOD: VariantSelector = {
	name: 'reportPeriod',
	displayName: 'Period',
	description: 'Run the report for a calendar month or for any date range',
	type: 'options',
	options: [
		{ name: 'Calendar Month', value: 'month' },
		{ name: 'Date Range', value: 'dateRange', description: 'From a start date to an end date' },
	],
	default: 'month',
	showWhen: SPECIFIC_MAILBOX_ONLY,
};

export const reportResource: ResourceDefinition = {
	value: 'report',
	name: 'Report',
	description: 'Traffic and mailbox statistics from ECGrid; every row of a report becomes one item',
	operations: [
		{
			value: 'getByNumber',
			name: 'Get by Report Number',
			action: 'Get a numbered ECGrid report',
			description:
				'Runs one of ECGrid’s numbered reports for a month or, for a specific mailbox, for a date range; each row becomes one item',
			wsdl: scopedBy(
				[
					{ scope: 'own', operation: 'ReportMonthly', when: { reportPeriod: 'month' } },
					{ scope: 'specific', operation: 'ReportMonthlyEx', when: { reportPeriod: 'month' } },
					{ scope: 'specific', operation: 'ReportByDateEx', when: { reportPeriod: 'dateRange' } },
				],
				[REPORT_PERIOD],
			),
			parameters: {
				Report: {
					displayName: 'Report Number',
					description:
						'Which report to run: a report number defined by ECGrid, as given by ECGrid support or documentation (the API does not list them)',
				},
				Month: { displayName: 'Month', description: 'A date in the month to report on, such as its first day' },
				StartDate: { displayName: 'Start Date', description: 'Start of the period to report on' },
				EndDate: { displayName: 'End Date', description: 'End of the period to report on' },
			},
		},
		{
			value: 'getInstantStats',
			name: 'Get Instant Statistics',
			action: 'Get current traffic statistics',
			description:
				'Returns a mailbox’s traffic counts over two recent time windows, for example to watch for a sudden drop or spike in volume',
			wsdl: scoped('ReportInstantStats', 'ReportInstantStatsEx'),
			parameters: {
				ECGridID: {
					displayName: 'ECGridID',
					description: 'Only the traffic of this trading partner; 0 for the whole mailbox',
					optional: true,
					default: 0,
					editor: 'plain',
				},
				Minutes1: {
					displayName: 'First Window (Minutes)',
					description: 'Length of the first time window, in minutes back from now',
					default: 15,
				},
				Minutes2: {
					displayName: 'Second Window (Minutes)',
					description: 'Length of the second time window, in minutes back from now',
					default: 60,
				},
			},
		},
		{
			value: 'getInterchangeStats',
			name: 'Get Interchange Statistics',
			action: 'Get interchange statistics for a period',
			description: 'Returns statistics of the interchanges a mailbox received or sent between two points in time',
			wsdl: scoped('ReportInterchangeStats', 'ReportInterchangeStatsEx'),
			parameters: {
				StartTime: { displayName: 'Start Time', description: 'Start of the period' },
				EndTime: { displayName: 'End Time', description: 'End of the period' },
				Direction: {
					displayName: 'Direction',
					description: 'Received or sent interchanges',
					default: 'InBox',
					optionDescriptions: {
						InBox: 'Interchanges the mailbox received',
						OutBox: 'Interchanges the mailbox sent',
						NoDir: 'ECGrid’s “no direction” value',
					},
				},
			},
		},
		{
			value: 'getMailboxInterchangeStats',
			name: 'Get Mailbox Interchange Statistics',
			action: 'Get interchange statistics of a mailbox',
			description: 'Returns ECGrid’s interchange counts for a mailbox',
			wsdl: scoped('ReportMailboxInterchangeStats', 'ReportMailboxInterchangeStatsEx'),
		},
		{
			value: 'getMailboxStats',
			name: 'Get Mailbox Parcel Statistics',
			action: 'Get parcel statistics of a mailbox',
			description: 'Returns ECGrid’s parcel (file) counts for a mailbox',
			wsdl: scoped('ReportMailboxStats', 'ReportMailboxStatsEx'),
		},
		{
			value: 'getTrafficStats',
			name: 'Get Traffic Statistics',
			action: 'Get traffic statistics per period',
			description:
				'Returns traffic counts per hour, day, week or month for a number of periods, for a mailbox or system-wide',
			wsdl: {
				selectors: [TRAFFIC_SCOPE],
				calls: [
					{ operation: 'ReportTrafficStats', when: { trafficScope: 'own' } },
					{ operation: 'ReportTrafficStatsEx', when: { trafficScope: 'specific' } },
					{ operation: 'ReportTrafficStatsPublic', when: { trafficScope: 'public' } },
				],
			},
			parameters: {
				TargetTime: {
					displayName: 'Up To',
					description: 'The point in time the periods lead up to, usually now',
				},
				NumPeriods: { displayName: 'Number of Periods', description: 'How many periods to report', default: 24 },
				Period: { displayName: 'Period', description: 'The length of each period', default: 'Hour' },
			},
		},
	],
};
