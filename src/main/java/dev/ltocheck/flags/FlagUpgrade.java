package dev.ltocheck.flags;

import java.util.ArrayList;
import java.util.List;

/**
 * LLVM's {@code UpgradeModuleFlags} (AutoUpgrade.cpp), as a materialised module (what llvm-dis
 * prints, what lld's IRMover merges) has them: older clangs wrote some behaviours that have since
 * changed. A lazily loaded module is not upgraded, so ltocheck applies the rules itself.
 */
public final class FlagUpgrade {
    private FlagUpgrade() {
    }

    public static List<ModuleFlag> apply(List<ModuleFlag> flags) {
        List<ModuleFlag> upgraded = new ArrayList<>(flags.size());
        for (ModuleFlag f : flags) {
            upgraded.add(new ModuleFlag(upgrade(f.key(), f.behavior()), f.key(), f.value()));
        }
        return List.copyOf(upgraded);
    }

    private static int upgrade(String key, int behavior) {
        int error = FlagBehavior.ERROR.id();
        if (key.equals("PIC Level") && (behavior == error || behavior == FlagBehavior.MAX.id())) {
            return FlagBehavior.MIN.id();
        }
        if (key.equals("PIE Level") && behavior == error) {
            return FlagBehavior.MAX.id();
        }
        if ((key.equals("branch-target-enforcement") || key.startsWith("sign-return-address")) && behavior == error) {
            return FlagBehavior.MIN.id();
        }
        return behavior;
    }
}
