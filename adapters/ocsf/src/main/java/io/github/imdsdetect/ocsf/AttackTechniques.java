package io.github.imdsdetect.ocsf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MITRE ATT&amp;CK names of the techniques that imds-detect's rules report, as OCSF 1.1.0 {@code
 * attack} objects. Names and tactic are from ATT&amp;CK's pages for T1552 and T1552.005.
 */
final class AttackTechniques {
  /** The finding type written to {@code finding_info.types}. */
  static final String FINDING_TYPE = "Cloud Instance Metadata API Access";

  private static final Map<String, String> NAMES =
      Map.of(
          "T1552", "Unsecured Credentials",
          "T1552.005", "Cloud Instance Metadata API");
  private static final String CREDENTIAL_ACCESS = "TA0006";

  private AttackTechniques() {}

  /**
   * Returns the attack object of a technique id. A sub-technique id such as {@code T1552.005} fills
   * {@code sub_technique} and its parent fills {@code technique}, as OCSF 1.1.0 separates them.
   * Names are written for known ids only, and the tactic Credential Access only for T1552 and its
   * sub-techniques.
   */
  static Map<String, Object> attack(String techniqueId) {
    int dot = techniqueId.indexOf('.');
    String parent = dot < 0 ? techniqueId : techniqueId.substring(0, dot);
    Map<String, Object> attack = new LinkedHashMap<>();
    attack.put("technique", entity(parent));
    if (dot >= 0) {
      attack.put("sub_technique", entity(techniqueId));
    }
    if (parent.equals("T1552")) {
      Map<String, Object> tactic = new LinkedHashMap<>();
      tactic.put("uid", CREDENTIAL_ACCESS);
      tactic.put("name", "Credential Access");
      attack.put("tactic", tactic);
    }
    return attack;
  }

  private static Map<String, Object> entity(String uid) {
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put("uid", uid);
    String name = NAMES.get(uid);
    if (name != null) {
      entity.put("name", name);
    }
    return entity;
  }
}
