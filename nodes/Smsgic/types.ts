/**
 * SMSgic replies (smsgic.txt). Numbers sometimes come as JSON strings ("450.000"), ids as numbers;
 * the readers convert, so every field that may vary is typed loosely here.
 */
export interface SmsgicErrorReply {
	message?: string;
	/** Laravel validation errors: field → messages. */
	errors?: Record<string, string[] | string>;
}

export interface SmsgicBalanceReply {
	balance?: string | number;
	sign?: string;
	code?: string;
}

export interface SmsgicSender {
	id: number | string;
	sender: string;
}

export interface SmsgicSendersReply {
	senders?: SmsgicSender[];
}

export interface SmsgicRate {
	mcc?: string | number;
	mnc?: string | number | null;
	country?: string;
	rate?: number | string;
}

export interface SmsgicRatesReply {
	rates?: SmsgicRate[];
}

export interface SmsgicCalculatedNumber {
	phone_number?: number | string;
	destination?: string;
	sms?: number | string;
	rate?: number | string;
	total?: number | string;
}

export interface SmsgicCalculatedDestination {
	numbers?: SmsgicCalculatedNumber[];
	destination?: string;
	sms_count?: number | string;
	price?: number | string;
	total?: number | string;
}

export interface SmsgicCalculateReply {
	calculate?: {
		info?: { sms_count?: number | string; subtotal?: number | string; total?: number | string; tax?: number | string };
		destinations?: SmsgicCalculatedDestination[];
	};
}

export interface SmsgicCreateSendingReply {
	message?: string;
	sending_id?: number | string;
}

/** One sending, as GET /sendings lists it and GET /sendings/{id} describes it. */
export interface SmsgicSending {
	id?: number | string;
	text?: string;
	status?: string;
	created_at?: string;
	updated_at?: string;
	scheduled_at?: string;
	total_sms?: number | string;
	[field: string]: unknown;
}

export interface SmsgicSendingReply {
	sending?: SmsgicSending;
}

/**
 * GET /sendings: the document shows `{sendings: [...]}` and no paging. A Laravel paginated
 * envelope (`data` + `links`/`meta`, or the plain paginator's `next_page_url`) is read as well.
 */
export interface SmsgicPaginated {
	data?: SmsgicSending[];
	links?: { next?: string | null } | unknown[];
	meta?: { current_page?: number; last_page?: number };
	current_page?: number;
	last_page?: number;
	next_page_url?: string | null;
}

export type SmsgicSendingsReply = SmsgicSending[] | (SmsgicPaginated & { sendings?: SmsgicSending[] | SmsgicPaginated });
