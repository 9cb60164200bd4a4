/**
 * The event contracts the three services share: versioned JSON records inside a CloudEvents-style
 * envelope.
 *
 * <p>The wire names the event by {@link dev.awsref.platform.events.EventType#typeName() type name}
 * and {@code schemaVersion}, never by a Java class name, so a consumer can be written in anything
 * and a record can be renamed or moved without breaking a queue full of messages. {@link
 * dev.awsref.platform.events.EventCodec} is the only place that turns JSON into records and back.
 */
package dev.awsref.platform.events;
