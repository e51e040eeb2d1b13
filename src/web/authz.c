/* The permission table: which roles hold which permission. */
#include <string.h>

#include "web/authz.h"

#define R(x) (1u << KJ_ROLE_##x)
#define ALL (R(NCO) | R(MINISTRY) | R(OPERATOR) | R(HQ) | R(SURVEYOR) | \
	     R(CEPTOAR) | R(AUDITOR))

static const struct {
	const char *name;
	unsigned roles;		/* roles that hold it; PUBLIC ignores this */
} perms[KJ_NPERMS] = {
	[KJ_PERM_PUBLIC] = { "public", ALL },
	[KJ_PERM_SIGNED_IN] = { "signed-in", ALL },
	[KJ_PERM_CATALOG_READ] = { "catalog.read", ALL },
	/* HQ and surveyors see aggregates only; CEPTOARs sector aggregates. */
	[KJ_PERM_ORG_READ] = { "org.read", R(NCO) | R(MINISTRY) | R(OPERATOR) | R(AUDITOR) },
	[KJ_PERM_AUDIT_READ] = { "audit.read", R(NCO) | R(AUDITOR) },
	[KJ_PERM_USER_ADMIN] = { "user.admin", R(NCO) },
	[KJ_PERM_REGISTRY_READ] = { "registry.read", R(NCO) | R(MINISTRY) | R(OPERATOR) | R(AUDITOR) },
	[KJ_PERM_REGISTRY_EDIT] = { "registry.edit", R(NCO) | R(MINISTRY) },
	[KJ_PERM_SAFETY_READ] = { "safety.read", ALL },
	[KJ_PERM_SAFETY_EDIT] = { "safety.edit", R(NCO) | R(MINISTRY) },
};

const char *kj_perm_name(enum kj_perm p)
{
	return p < KJ_NPERMS ? perms[p].name : "?";
}

int kj_authz_allow(const struct kj_user *user, enum kj_perm perm)
{
	if (perm >= KJ_NPERMS)
		return 0;
	if (perm == KJ_PERM_PUBLIC)
		return 1;
	if (!user || user->disabled || user->role >= KJ_NROLES)
		return 0;
	return (perms[perm].roles & (1u << user->role)) != 0;
}

int kj_authz_object(const struct kj_user *user, enum kj_perm perm,
		    const struct kj_object *obj)
{
	if (!kj_authz_allow(user, perm))
		return 0;
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return 1;
	case KJ_ROLE_OPERATOR:
		return obj->org_id != 0 && obj->org_id == user->org_id;
	case KJ_ROLE_MINISTRY:
		if (!user->ministry[0])
			return 0;
		for (int i = 0; i < obj->nsectors; i++)
			for (int k = 0; k < user->nsectors; k++) {
				if (strcmp(obj->sectors[i], user->sectors[k]))
					continue;
				if (!user->sector_partial[k])
					return 1;
				/* A shared sector: only the operators assigned to it. */
				for (int m = 0; m < obj->nministries; m++)
					if (!strcmp(obj->ministries[m], user->ministry))
						return 1;
			}
		return 0;
	default:
		return 0;
	}
}

void kj_authz_org_scope(const struct kj_user *user, struct kj_org_scope *sc)
{
	memset(sc, 0, sizeof *sc);
	if (!user || user->disabled) {
		sc->org = -1;
		return;
	}
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return;
	case KJ_ROLE_MINISTRY:
		sc->sectors = (const char (*)[24])user->sectors;
		sc->nsectors = user->nsectors;
		sc->ministry = user->ministry;
		if (!user->ministry[0] || !user->nsectors)
			sc->org = -1;
		return;
	case KJ_ROLE_CEPTOAR:
		sc->sectors = (const char (*)[24])user->sectors;
		sc->nsectors = user->nsectors;
		if (!user->nsectors)
			sc->org = -1;
		return;
	case KJ_ROLE_OPERATOR:
		sc->org = user->org_id ? user->org_id : -1;
		return;
	default:
		sc->org = -1;
		return;
	}
}

int kj_authz_sector(const struct kj_user *user, enum kj_perm perm,
		    const char *sector)
{
	if (!kj_authz_allow(user, perm))
		return 0;
	switch (user->role) {
	case KJ_ROLE_NCO:
		return 1;
	case KJ_ROLE_AUDITOR:
		/* Reads everything, changes nothing. */
		return perm == KJ_PERM_SAFETY_READ || perm == KJ_PERM_REGISTRY_READ;
	case KJ_ROLE_HQ:
	case KJ_ROLE_SURVEYOR:
	case KJ_ROLE_OPERATOR:
		/* Coverage is about the sector's documents, not about operators. An
		 * operator's own record is reached through kj_authz_object. */
		return perm == KJ_PERM_SAFETY_READ;
	case KJ_ROLE_MINISTRY:
	case KJ_ROLE_CEPTOAR:
		/* A ministry user's sectors are its ministry's, loaded with it. */
		for (int k = 0; k < user->nsectors; k++)
			if (!strcmp(sector, user->sectors[k]))
				return 1;
		return perm == KJ_PERM_SAFETY_READ;	/* coverage is not confidential */
	default:
		return 0;
	}
}
