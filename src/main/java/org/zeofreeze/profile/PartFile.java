package org.zeofreeze.profile;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One configuration a host of the files layout names: the part it is (a name of the admin's
 * choosing, given to the process control as a buildout's part is), its absolute path on the host,
 * and for a Zope client where it serves HTTP ({@code host:port}). Checked by {@link HostEntry},
 * which knows which host and field it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartFile(String part, String config, String http) {}
