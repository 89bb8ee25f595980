# Installs SiloMod with this FreeCAD's own Addon Manager, from a custom repository the test serves
# over loopback, the way pressing Install does: the Addon Manager's dependency check runs first
# (its dialogs, if any, are what a user would see), then its installer puts the addon into this
# FreeCAD's user Mod folder.
#
# Offline, neither Addon Manager can load its catalogue (it fetches it from GitHub before listing
# anything; FreeCAD 0.20's window stops before it even reads the custom repositories), so the
# script does not open its window: it builds the custom repository's entry as the Addon Manager
# builds it from the preference, loads the package.xml the repository serves with the Addon
# Manager's own code (as its metadata cache does), and calls the code behind the Install button:
# 0.20's CommandAddonManager.resolve_dependencies, which checks dependencies and then starts its
# InstallWorkbenchWorker; 1.x's AddonInstallerGUI.run, which checks dependencies and then starts
# its AddonInstaller. Every dialog that opens meanwhile is recorded; one saying the installation
# succeeded is closed, anything else is cancelled so that a warning never installs anyway.
#
# Args: url (the custom repository), branch, name (the addon's name: the URL's last segment).
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCAD as App  # noqa: E402
from PySide import QtCore, QtGui  # noqa: E402

INSTALL_TIMEOUT = 240


def main():
    a = harness.args()
    url, branch, name = a["url"], a["branch"], a["name"]
    mod_dir = os.path.join(App.getUserAppDataDir(), "Mod")
    target = os.path.join(mod_dir, name)
    harness.detail("mod_dir", mod_dir)
    harness.check("not installed before", not os.path.exists(target))

    # Edit > Preferences > Addon Manager > Custom repositories: the URL and its branch.
    App.ParamGet("User parameter:BaseApp/Preferences/Addons").SetString("CustomRepositories", f"{url} {branch}")
    harness.close_start_page()

    watcher = DialogWatcher()
    manager = LegacyAddonManager() if _legacy() else AddonManager()
    addon = manager.custom_addon()
    harness.detail("addon", {"name": addon.name, "url": addon.url, "branch": addon.branch})
    harness.check("addon built from the custom repository", addon.name == name and addon.branch == branch, addon.url)
    harness.detail("dependencies", manager.dependencies(addon))

    manager.press_install(addon)
    finished = harness.wait_until(lambda: manager.done or watcher.cancelled_any, timeout=INSTALL_TIMEOUT)
    if watcher.cancelled_any:
        harness.pump(2.0)  # lets the Addon Manager act on the cancelled dialog before the checks
    watcher.stop()

    harness.detail("outcome", manager.outcome)
    harness.detail("dialogs", watcher.dialogs)
    harness.check("dependency check passed", manager.install_started, watcher.dialogs)
    warnings = [d for d in watcher.dialogs if d["role"] != "success"]
    harness.check("no warning dialog", not warnings, warnings)
    harness.check("install finished", bool(finished), manager.outcome)
    harness.check("success reported", manager.outcome == "success", manager.outcome)
    if manager.shows_success_message:
        harness.check("success message shown", any(d["role"] == "success" for d in watcher.dialogs), watcher.dialogs)
    harness.check("installed into this FreeCAD's Mod folder", os.path.isfile(os.path.join(target, "package.xml"))
                  and os.path.isfile(os.path.join(target, "InitGui.py"))
                  and os.path.isfile(os.path.join(target, "freecad", "silo_mod", "__init__.py"))
                  and not os.path.islink(target), sorted(os.listdir(mod_dir)) if os.path.isdir(mod_dir) else None)
    harness.detail("installed_by_git", os.path.isdir(os.path.join(target, ".git")))


class DialogWatcher:
    """Records each dialog that opens on top of FreeCAD while the Addon Manager works (dependency
    warnings are modal and would otherwise wait for a user forever)."""

    def __init__(self):
        self.dialogs = []
        self.cancelled_any = False
        self._timer = QtCore.QTimer()
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def stop(self):
        self._timer.stop()

    def _look(self):
        for widget in QtGui.QApplication.topLevelWidgets():
            if not widget.isVisible() or not isinstance(widget, (QtGui.QMessageBox, QtGui.QDialog)):
                continue
            if getattr(widget, "_silomod_seen", False):
                continue
            if widget.findChild(QtGui.QProgressBar) is not None:
                continue  # 1.x's "Installing" window: closing it would cancel the installation
            widget._silomod_seen = True
            title = widget.windowTitle()
            text = widget.text() if isinstance(widget, QtGui.QMessageBox) else ""
            role = "success" if _is_success(title, text) else "other"
            self.dialogs.append({"role": role, "title": title, "text": text, "type": type(widget).__name__})
            harness.screenshot("addon_manager_dialog_" + role)
            self.cancelled_any |= role != "success"
            _answer(widget, role)


def _answer(widget, role):
    if not isinstance(widget, QtGui.QMessageBox):
        widget.reject()
        return
    wanted = (QtGui.QMessageBox.Ok, QtGui.QMessageBox.Close) if role == "success" else \
        (QtGui.QMessageBox.Cancel, QtGui.QMessageBox.No, QtGui.QMessageBox.Close)
    button = next((widget.button(b) for b in wanted if widget.button(b) is not None), None)
    if button is not None:
        button.click()
    else:
        widget.reject()


def _is_success(title, text):
    words = (title + " " + text).lower()
    return "succe" in words and "fail" not in words


def _legacy():
    """FreeCAD 1.x ships the rewritten Addon Manager (addonmanager_installer_gui.py); 0.20 does not."""
    try:
        import addonmanager_installer_gui  # noqa: F401
    except ImportError:
        return True
    return False


def _custom_repository():
    """The first custom repository, parsed as both Addon Managers parse the preference."""
    entry = App.ParamGet("User parameter:BaseApp/Preferences/Addons").GetString("CustomRepositories").split("\n")[0]
    url, branch = entry.split(" ")
    url = url.rstrip("/").split(".git")[0]
    return url, branch


def _load_served_metadata(addon, fetch):
    """The repository's package.xml, fetched from where the Addon Manager looks for it and loaded
    by its own code from its cache folder: where it takes the addon's dependencies from."""
    import addonmanager_utilities as utils

    data = fetch(utils.construct_git_url(addon, "package.xml"))
    if not data:
        raise RuntimeError("the repository served no package.xml")
    cached = os.path.join(App.getUserCachePath(), "AddonManager", "PackageMetadata", addon.name, "package.xml")
    os.makedirs(os.path.dirname(cached), exist_ok=True)
    with open(cached, "wb") as f:
        f.write(data)
    addon.load_metadata_file(cached)


class LegacyAddonManager:
    """FreeCAD 0.20: Install in an addon's details calls CommandAddonManager.resolve_dependencies,
    which shows its warnings (missing workbenches, disallowed Python packages, the dependency
    dialog) or calls install(), which starts an InstallWorkbenchWorker."""

    # The window's on_package_installed says so; the worker is started here without the window.
    shows_success_message = False

    def __init__(self):
        import AddonManager as module
        import NetworkManager

        NetworkManager.InitializeNetworkManager()
        self._network = NetworkManager.AM_NETWORK_MANAGER
        self._command = module.CommandAddonManager()
        self.outcome = None
        self.install_started = False
        self.done = False
        self._worker = None

    def custom_addon(self):
        from Addon import Addon

        url, branch = _custom_repository()
        addon = Addon(url.split("/")[-1], url, Addon.Status.NOT_INSTALLED, branch)

        def fetch(u):
            reply = self._network.blocking_get(u)
            return reply.data() if reply else None

        _load_served_metadata(addon, fetch)
        return addon

    def dependencies(self, addon):
        return {"requires": sorted(addon.requires), "python_requires": sorted(addon.python_requires),
                "python_optional": sorted(addon.python_optional)}

    def press_install(self, addon):
        import FreeCADGui as Gui
        from addonmanager_workers import InstallWorkbenchWorker

        command = self._command
        # What resolve_dependencies reads from the window it normally runs in: the list of every
        # addon (only this one offline) and the parent of its message boxes.
        command.item_model = _Repos([addon])
        command.dialog = Gui.getMainWindow()

        def install(repo):
            # The window's install() minus its progress bar: the same worker, started the same way.
            self.install_started = True
            self._worker = InstallWorkbenchWorker(repo)
            self._worker.success.connect(lambda *_: self._finish("success"))
            self._worker.failure.connect(lambda _, message: self._finish("failure: " + message))
            self._worker.finished.connect(self._worker_finished)
            self._worker.start()

        command.install = install
        command.resolve_dependencies(addon)
        if not self.install_started:
            self._finish("not installed: the dependency check stopped it")
            self.done = True

    def _worker_finished(self):
        self._finish("the installer ended without a result")
        self.done = True

    def _finish(self, outcome):
        if self.outcome is None:
            self.outcome = outcome


class _Repos:
    def __init__(self, repos):
        self.repos = repos


class AddonManager:
    """FreeCAD 1.x: Install calls CommandAddonManager.launch_installer_gui, which runs an
    AddonInstallerGUI: its dependency check (AddonDependencyInstallerGUI) shows any warning, then
    its AddonInstaller installs in a worker thread and it reports success in a message box."""

    shows_success_message = True

    def __init__(self):
        self.outcome = None
        self.install_started = False
        self.done = False
        self._gui = None

    def custom_addon(self):
        from Addon import Addon
        import addonmanager_utilities as utils

        url, branch = _custom_repository()
        addon = Addon(url.split("/")[-1], url, Addon.Status.NOT_INSTALLED, branch)
        _load_served_metadata(addon, utils.blocking_get)
        return addon

    def dependencies(self, addon):
        from Addon import MissingDependencies

        missing = MissingDependencies()
        missing.import_from_addon(addon, [addon])
        return {"requires": sorted(addon.requires), "python_requires": sorted(addon.python_requires),
                "python_optional": sorted(addon.python_optional), "missing_workbenches": missing.wbs,
                "missing_python": missing.python_requires, "missing_optional": missing.python_optional}

    def press_install(self, addon):
        from addonmanager_installer_gui import AddonInstallerGUI

        self._gui = AddonInstallerGUI(addon, [addon])
        self._gui.installer.success.connect(lambda *_: self._finish("success"))
        self._gui.installer.failure.connect(lambda _, message: self._finish("failure: " + message))
        original_install = self._gui.install

        def install():
            self.install_started = True
            original_install()

        # install is what the dependency check's "proceed" signal reaches; it is looked up when
        # run() connects it, so the wrapper sees the check let the installation through.
        self._gui.install = install
        # finished comes last: after the success message was closed, or when the check cancelled.
        self._gui.finished.connect(self._gui_finished)
        self._gui.run()

    def _gui_finished(self):
        self._finish("not installed")
        self.done = True

    def _finish(self, outcome):
        if self.outcome is None:
            self.outcome = outcome


harness.run(main)
