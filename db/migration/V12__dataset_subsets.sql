-- Derived datasets: a subset of a parent's classes and images, sliced from its tensor blob (no image decoded again).
-- A parent with children cannot be deleted (409): no cascade.
ALTER TABLE dataset ADD COLUMN parent_id UUID REFERENCES dataset (id);
ALTER TABLE dataset ADD COLUMN selection TEXT; -- JSON: how the subset was chosen (null for uploads)
CREATE INDEX dataset_parent_idx ON dataset (parent_id);
