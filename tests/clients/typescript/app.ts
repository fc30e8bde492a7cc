// A small app written against the types openapi-typescript generates from the live
// /api/v2/openapi.json (into ./generated/api.d.ts). `tsc --strict` must compile it: page types
// narrow on `page.type` with no hand-written guard, and a switch over `block.type` is
// exhaustive. When the API gains a block type, this file stops compiling until the block has a
// case below, which is what an app team's own code would do.

import type { components, operations } from "./generated/api";

type Schemas = components["schemas"];
type Page = Schemas["Page"];
type PageListingItem = Schemas["PageListingItem"];
type BodyBlock = Schemas["BodyStreamBlock"][number];
type ResourceBlock = Schemas["ResourceStreamBlock"][number];
type Listing = operations["listPages"]["responses"][200]["content"]["application/json"];
type SyncResponse = operations["syncPages"]["responses"][200]["content"]["application/json"];

function assertNever(value: never): never {
    throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}

export function blockText(block: BodyBlock): string {
    switch (block.type) {
        case "heading":
            return `${block.value.level}: ${block.value.text} (#${block.value.anchor})`;
        case "paragraph":
            return block.value;
        case "image":
            return block.value.image ? `[image ${block.value.image.alt}]` : "";
        case "quote":
            return `“${block.value.quote}” ${block.value.attribution ?? ""}`;
        case "call_to_action":
            return `${block.value.button_label} → ${block.value.page?.api_url ?? block.value.url ?? ""}`;
        case "documents":
            return block.value.documents.map((document) => `${document.title} (${document.file_type})`).join(", ");
        case "accordion":
            return block.value.items.map((item) => `${item.question} ${item.answer}`).join("\n");
        case "embed":
            return `${block.value.title}: ${block.value.url}`;
        case "table":
            return [block.value.header, ...block.value.rows].map((row) => row.join(" | ")).join("\n");
        case "legal_eye":
            return `${block.value.heading} → ${block.value.page?.title ?? ""}`;
        case "related_pages":
            return block.value.pages.map((page) => `${page.title} (${page.type})`).join(", ");
        default:
            return assertNever(block);
    }
}

export function resourceText(block: ResourceBlock): string {
    switch (block.type) {
        case "resource":
            return `${block.value.title}: ${block.value.status} ${block.value.document?.url ?? block.value.url ?? ""}`;
        default:
            return assertNever(block.type);
    }
}

export function pageSummary(page: Page): string {
    // Narrowed by the top-level type alone: no cast, no guard function.
    if (page.type === "home.NewsPage") {
        return `${page.date} ${page.article_type}: ${page.title} by ${page.author?.name ?? page.byline}\n`
            + page.body.map(blockText).join("\n");
    }
    if (page.type === "advice.LegalEyeArticlePage") {
        return `${page.title} (review due ${page.review_due}, overdue: ${page.review_overdue})`;
    }
    if (page.type === "campaigns.CampaignPage") {
        return `${page.title}: ${page.resources.map(resourceText).join("; ")}`;
    }
    if (page.type === "people.PersonPage") {
        return `${page.title}, ${page.job_title}`;
    }
    return `${page.title} (${page.meta.type})`;
}

export function listingLine(item: PageListingItem): string {
    // Listing items carry the fields asked for, so a type's own fields may be absent.
    if (item.type === "home.NewsPage") {
        return `${item.date ?? "undated"}: ${item.title ?? item.id}`;
    }
    return `${item.type} ${item.id}`;
}

export function syncedTitles(response: SyncResponse): string[] {
    // Sync sends every kind of resource: narrowing on `kind` leaves the page types.
    return [
        ...response.updated.map((item) => (item.kind === "page" ? pageSummary(item) : `${item.kind} ${item.id}`)),
        ...response.deleted.map((tombstone) => `deleted ${tombstone.kind} ${tombstone.id}`),
    ];
}

export async function newsHeadlines(baseUrl: string): Promise<string[]> {
    const response = await fetch(`${baseUrl}/api/v2/pages/?type=home.NewsPage&fields=*`);
    const listing = (await response.json()) as Listing;
    return listing.items.map(listingLine);
}
