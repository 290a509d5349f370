package org.callhome.device.yang;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One module of the device's schema, as ietf-netconf-monitoring and ietf-yang-library report it.
 *
 * @param name      the module's name
 * @param revision  its newest revision, if it has one
 * @param namespace its XML namespace
 * @param features  the features of it the device implements, sorted
 * @param origin    where its text came from: "shipped" or the file given with --yang
 * @param text      its YANG text, as get-schema returns it
 */
public record YangModule(String name, Optional<String> revision, String namespace, List<String> features,
                         String origin, String text) {

    public YangModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(namespace, "namespace");
        features = List.copyOf(features);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(text, "text");
    }

    /** {@code name@revision}, or the name alone. */
    public String label() {
        return revision.map(date -> name + "@" + date).orElse(name);
    }

    @Override
    public String toString() {
        return label();
    }
}
