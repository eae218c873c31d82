/** Shapes checked in several features, defined once. */

/** A UUID (any version), as the database stores ids. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A form slug, as the `forms.slug` CHECK constraint allows it. */
export const FORM_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const FORM_SLUG_PATTERN = FORM_SLUG.source;
