; Inno Setup script: per-user installer for the frozen app in dist\Wortlaut (no admin rights).
; Built by the release workflow:  iscc /DAppVersion=<version from pyproject.toml> packaging\windows\wortlaut.iss
; (packaging/version.py prints the version; the workflow passes it, so there is one source.)

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\wortlaut.iss
#endif
#define AppName "Wortlaut"
#define AppExe "Wortlaut.exe"
#define SourceDir "..\..\dist\Wortlaut"

[Setup]
AppId={{6B3F0E2A-5C7D-4E0B-9F1A-57A0B6D1C0DE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Wortlaut
VersionInfoVersion={#AppVersion}
; Per-user install: no administrator rights, installs under %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
SetupIconFile=..\..\resources\icons\wortlaut.ico
OutputDir=..\..\dist\installers
OutputBaseFilename=Wortlaut-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .wortlaut projects open in Wortlaut (HKA = the current user's classes for a per-user install).
Root: HKA; Subkey: "Software\Classes\.wortlaut"; ValueType: string; ValueName: ""; ValueData: "Wortlaut.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Wortlaut.Project"; ValueType: string; ValueName: ""; ValueData: "Wortlaut project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Wortlaut.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\Wortlaut.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
