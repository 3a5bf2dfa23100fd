// The descendant and ancestor counts `lineage metrics` stored on the works $ids
MATCH (w:Work) WHERE w.id IN $ids
RETURN w.id AS id, w.descendants AS descendants, w.ancestors AS ancestors
