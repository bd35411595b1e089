package io.busquake.consume;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
    @Override
    IdempotencyStore newStore() {
        return IdempotencyStore.inMemory();
    }
}
