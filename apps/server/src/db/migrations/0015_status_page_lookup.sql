-- Public status pages are looked up by slug without a signed-in organization.
CREATE INDEX status_pages_public_slug_idx ON status_pages (slug) WHERE is_published AND is_public;
-- The feed and the page list a page's incidents and maintenance newest first.
CREATE INDEX maintenance_windows_page_idx ON maintenance_windows (status_page_id, starts_at DESC);
