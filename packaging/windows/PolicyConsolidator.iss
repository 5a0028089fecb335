; Inno Setup 6 script: the per-user installer (no administrator rights needed).
; It installs the one-folder build (dist\PolicyConsolidator) into
; %LOCALAPPDATA%\Programs\Policy Consolidator, adds a Start menu entry and an entry in
; Settings > Apps (uninstall), opens .pcsession sessions with a double-click, and offers the app
; under "Open with" for .docx, .odt, .pdf and .md. Everything it registers is under
; HKEY_CURRENT_USER and removed again on uninstall.
;
; Built by .github/workflows/windows.yml:
;   ISCC.exe /DAppVersion=1.2.3 /DAppDir=<repo>\dist\PolicyConsolidator /O<out> PolicyConsolidator.iss
; Silent install (per user):  PolicyConsolidator-1.2.3-setup.exe /VERYSILENT /SUPPRESSMSGBOXES

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppDir
  #define AppDir "..\..\dist\PolicyConsolidator"
#endif
#define AppName "Policy Consolidator"
#define AppExe "PolicyConsolidator.exe"
#define CliExe "policy-consolidator.exe"
#define DocumentProgId "PolicyConsolidator.Document"
#define SessionProgId "PolicyConsolidator.Session"

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{7A8C188E-FFEB-46AA-9F7A-F1247682BC55}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
LicenseFile=..\..\LICENSE
OutputBaseFilename=PolicyConsolidator-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

; The build puts the licence and the third-party notices beside the programs: no installer
; without them.
#if !FileExists(AppDir + "\LICENSE.txt") || !FileExists(AppDir + "\THIRD-PARTY-NOTICES.txt")
  #error LICENSE.txt or THIRD-PARTY-NOTICES.txt is missing from the build folder
#endif
#if !FileExists(AppDir + "\" + CliExe)
  #error The console program is missing from the build folder
#endif

[Files]
Source: "{#AppDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Combine council policies into one Digital Policy"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Sessions: .pcsession opens in the app (double-click).
Root: HKA; Subkey: "Software\Classes\.pcsession"; ValueType: string; ValueName: ""; ValueData: "{#SessionProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pcsession\OpenWithProgids"; ValueType: string; ValueName: "{#SessionProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#SessionProgId}"; ValueType: string; ValueName: ""; ValueData: "Policy Consolidator session"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#SessionProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#SessionProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Policies: "Open with > Policy Consolidator" for .docx, .odt, .pdf and .md (Word and the
; others stay the default programs).
Root: HKA; Subkey: "Software\Classes\{#DocumentProgId}"; ValueType: string; ValueName: ""; ValueData: "Policy document"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#DocumentProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#DocumentProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: string; ValueName: "{#DocumentProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.odt\OpenWithProgids"; ValueType: string; ValueName: "{#DocumentProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "{#DocumentProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "{#DocumentProgId}"; ValueData: ""; Flags: uninsdeletevalue
; The app's name and the types it opens, for the "Open with" list.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".odt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pcsession"; ValueData: ""
; The console program by name from Win+R and Start-Process (App Paths).
Root: HKA; Subkey: "Software\Microsoft\Windows\CurrentVersion\App Paths\{#CliExe}"; ValueType: string; ValueName: ""; ValueData: "{app}\{#CliExe}"; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
