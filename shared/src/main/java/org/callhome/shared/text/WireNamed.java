package org.callhome.shared.text;

/**
 * A value of a closed set that has a name of its own on the wire, in files, on the command line
 * and in the API, such as {@code reverse-ssh} or {@code in-use}, as opposed to its Java name.
 * {@link WireNames} finds an enum's value by that name.
 */
public interface WireNamed {

    String wireName();
}
