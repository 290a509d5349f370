/**
 * Reading an RFC 7951 JSON tree strictly, every refusal naming its place:
 * {@link org.callhome.shared.json.JsonPathNode} is a node with its JSON path, whose objects are
 * checked against the member names a model has before any is read, each package that reads a
 * model extending it with its own exception and wording. Part of shared's bottom layer: it uses
 * the JDK and Jackson only, no other package of the project, and every package of shared above the
 * bottom may use it.
 */
package org.callhome.shared.json;
