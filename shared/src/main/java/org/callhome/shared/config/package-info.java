/**
 * The device's call-home configuration: the settings records the dialer and the SSH server run
 * with ({@code DeviceCallHomeConfig}, {@code CallHomeSettings}, {@code DeviceSshSettings} and
 * their parts), each checking itself, and their file, RFC 7951 JSON of ietf-netconf-server's
 * call-home that {@code CallHomeJson} reads strictly and writes, as the YANG in
 * {@code CallHomeYang} defines it. It may use Jackson and shared's bottom layer ({@code io},
 * {@code text}, {@code cli}, {@code threads}, {@code netconf}'s limits, {@code json}'s strict
 * cursor) and {@code x509} (the
 * cert-to-name mappings it carries), never SSH, the NETCONF stack or {@code strategy}.
 */
package org.callhome.shared.config;
