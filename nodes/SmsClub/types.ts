/** SMSClub replies (PROVIDER.md): everything sits under `success_request`. */
export interface SmsClubEnvelope<I = unknown> {
	success_request?: {
		info?: I;
		/** Per-number or per-field failures: key is the number, id or field, value the reason. */
		add_info?: Record<string, string>;
	};
}

/** `/sms/send` and `/v2/sms/send`: message id → phone number. */
export type SmsClubSendInfo = Record<string, string>;

/** `/sms/status`: message id → status (ENROUTE, DELIVRD, EXPIRED, UNDELIV, REJECTD). */
export type SmsClubStatusInfo = Record<string, string>;

export interface SmsClubBalanceInfo {
	money: string | number;
	currency: string;
}

export const SMSCLUB_FINAL_STATUSES = ['DELIVRD', 'EXPIRED', 'UNDELIV', 'REJECTD'];
