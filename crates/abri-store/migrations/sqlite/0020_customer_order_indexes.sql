-- A customer's homes and contracts are read on every page in the order they are shown: with
-- the order in the index, no read sorts them in a temporary B-tree (whose buffers, freed, left
-- the heap's pages touched under every idle live stream: BENCHMARKS.md B7).
DROP INDEX homes_customer;
CREATE INDEX homes_customer ON homes(customer_id, id);
DROP INDEX contracts_customer;
CREATE INDEX contracts_customer ON contracts(customer_id, product, number);
