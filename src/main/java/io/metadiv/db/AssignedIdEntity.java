package io.metadiv.db;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * An entity whose UUID is assigned when it is made. Spring Data would take a set id for "exists" and merge (a SELECT,
 * then a copy); this tells it the entity is new until it was persisted or loaded, so {@code save} persists the very
 * instance.
 */
@MappedSuperclass
public abstract class AssignedIdEntity implements Persistable<UUID> {

    @Id
    private UUID id;
    @Transient
    private boolean stored;

    protected AssignedIdEntity() {
    }

    /** With this id (normally {@code UUID.randomUUID()}). */
    protected AssignedIdEntity(UUID id) {
        this.id = id;
    }

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    protected void markStored() {
        stored = true;
    }
}
