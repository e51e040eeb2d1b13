/*
 * Transitional: the shared page pieces are in web/ui.h now. Only
 * page_users.c still includes this name; once it includes "web/ui.h",
 * delete this file.
 */
#ifndef KJ_WEB_REGISTRY_UI_H
#define KJ_WEB_REGISTRY_UI_H

#include "web/ui.h"

#endif
