/**
 * Msegat replies (PROVIDER.md). Most are JSON with a `code` that may be a string or a
 * number; Credits.php and calculateCost.php answer plain text.
 */
export interface MsegatCodeReply {
	code?: string | number;
	message?: string;
}

/** sendsms.php / sendVars.php: with reqBulkId the id comes as `code: "1-<bulkId>"` or as `id`. */
export interface MsegatSendReply extends MsegatCodeReply {
	id?: string | number;
	bulkId?: string | number;
}

/** getMessages.php: the row shape is not published, so every field is optional. */
export interface MsegatMessagesReply extends MsegatCodeReply {
	data?: unknown;
	result?: unknown;
}

/** senders.php: a list like `[{"SenderID":"MyShop","Status":"Activated"}]`. */
export interface MsegatSenderRow {
	SenderID?: string;
	Status?: string;
}

export interface MsegatTemplateRow {
	id?: string | number;
	title?: string;
	msgBody?: string;
}

export interface MsegatTemplatesReply extends MsegatCodeReply {
	result?: MsegatTemplateRow[];
}

/** sendOTPCode.php */
export interface MsegatOtpReply extends MsegatCodeReply {
	id?: string | number;
}

/** The `lang` Msegat's OTP calls expect, header and body alike. */
export type MsegatLanguage = 'En' | 'Ar';
